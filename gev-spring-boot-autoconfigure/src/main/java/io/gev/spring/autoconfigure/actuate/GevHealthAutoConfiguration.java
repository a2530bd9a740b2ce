package io.gev.spring.autoconfigure.actuate;

import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code gev} health contributor; off with {@code management.health.gev.enabled=false}. */
@AutoConfiguration(after = GevAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(GevServers.class)
@ConditionalOnEnabledHealthIndicator("gev")
public final class GevHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "gevHealthIndicator")
    GevHealthIndicator gevHealthIndicator(GevServers servers) {
        return new GevHealthIndicator(servers);
    }
}
