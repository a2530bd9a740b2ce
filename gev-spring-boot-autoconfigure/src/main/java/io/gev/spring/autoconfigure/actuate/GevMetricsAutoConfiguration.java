package io.gev.spring.autoconfigure.actuate;

import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters of the gev servers, bound to every registry by Boot's meter registry post-processor. */
@AutoConfiguration(after = GevAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(GevServers.class)
public final class GevMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "gevMetrics")
    GevMetrics gevMetrics(GevServers servers) {
        return new GevMetrics(servers);
    }
}
