package io.gev.spring.autoconfigure.actuate;

import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code gev} actuator endpoint, when exposed ({@code management.endpoints.web.exposure.include=gev}). */
@AutoConfiguration(after = GevAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(GevServers.class)
@ConditionalOnAvailableEndpoint(GevEndpoint.class)
public final class GevEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GevEndpoint gevEndpoint(GevServers servers) {
        return new GevEndpoint(servers);
    }
}
