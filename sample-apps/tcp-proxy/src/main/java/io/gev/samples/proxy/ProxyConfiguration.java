package io.gev.samples.proxy;

import io.gev.spring.autoconfigure.GevProperties;
import io.gev.spring.autoconfigure.GevServers;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The proxy's parts: upstreams, dialling, health checks, drain, and what Actuator shows of them. */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    @Bean
    Upstreams upstreams(ProxyProperties properties) {
        return new Upstreams(properties);
    }

    @Bean
    UpstreamDialer upstreamDialer(Upstreams upstreams, ProxyProperties properties, GevServers servers,
            GevProperties gev) {
        return new UpstreamDialer(upstreams, properties, servers, gev.getOutbound());
    }

    @Bean
    HealthChecks healthChecks(Upstreams upstreams, ProxyProperties properties) {
        return new HealthChecks(upstreams, properties);
    }

    @Bean
    ProxyLifecycle proxyLifecycle(GevServers servers, Upstreams upstreams, HealthChecks healthChecks,
            ApplicationEventPublisher events) {
        return new ProxyLifecycle(servers, upstreams, healthChecks, events);
    }

    @Bean
    ProxyEndpoint proxyEndpoint(Upstreams upstreams) {
        return new ProxyEndpoint(upstreams);
    }

    @Bean
    ProxyHealthIndicator proxyHealthIndicator(Upstreams upstreams) {
        return new ProxyHealthIndicator(upstreams);
    }

    @Bean
    ProxyMetrics proxyMetrics(Upstreams upstreams) {
        return new ProxyMetrics(upstreams);
    }
}
