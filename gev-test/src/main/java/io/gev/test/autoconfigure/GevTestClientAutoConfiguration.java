package io.gev.test.autoconfigure;

import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The auto-configuration {@link AutoConfigureGevTestClient} imports: a {@link GevTestClientRegistrar} that adds a
 * {@link io.gev.test.GevTestClient} bean per gev server of the application.
 */
@AutoConfiguration(after = GevAutoConfiguration.class)
@ConditionalOnClass(GevServers.class)
public class GevTestClientAutoConfiguration {

    /** Adds a client bean per server; static, as it works on bean definitions. */
    @Bean
    @ConditionalOnMissingBean
    static GevTestClientRegistrar gevTestClientRegistrar() {
        return new GevTestClientRegistrar();
    }
}
