package io.gev.samples.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The proxy's Micrometer meters, functions read when a registry asks: per upstream (tag {@code upstream}, its
 * {@code host:port}) {@code proxy.upstream.up} (1 or 0), {@code proxy.upstream.connections.active},
 * {@code proxy.upstream.connect.failures} and {@code proxy.upstream.check.failures}; for the proxy
 * {@code proxy.connect.retries}, {@code proxy.clients.unserved} and {@code proxy.connect.local-failures}. Thread
 * safe.
 */
final class ProxyMetrics implements MeterBinder {

    private final Upstreams upstreams;

    ProxyMetrics(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Upstream upstream : upstreams.all()) {
            Tags tags = Tags.of("upstream", upstream.name());
            Gauge.builder("proxy.upstream.up", upstream, u -> u.isUp() ? 1 : 0)
                    .description("Whether clients are sent to the upstream (1) or not (0: down)").tags(tags)
                    .register(registry);
            Gauge.builder("proxy.upstream.connections.active", upstream, Upstream::activeConnections)
                    .description("Clients the upstream relays now, connects under way included")
                    .baseUnit("connections").tags(tags).register(registry);
            FunctionCounter.builder("proxy.upstream.connect.failures", upstream, Upstream::connectFailures)
                    .description("Clients' connects to the upstream that failed").tags(tags).register(registry);
            FunctionCounter.builder("proxy.upstream.check.failures", upstream, Upstream::checkFailures)
                    .description("Health checks of the upstream that failed").tags(tags).register(registry);
        }
        FunctionCounter.builder("proxy.connect.retries", upstreams, Upstreams::retries)
                .description("Connects tried again on another upstream after one failed").register(registry);
        FunctionCounter.builder("proxy.clients.unserved", upstreams, Upstreams::unservedClients)
                .description("Clients closed with no upstream: none up, every attempt failed, or the proxy could not "
                        + "connect").register(registry);
        FunctionCounter.builder("proxy.connect.local-failures", upstreams, Upstreams::localFailures)
                .description("Connects (clients' and health checks') that failed on the proxy's side, out of file "
                        + "descriptors or local ports; not held against an upstream").register(registry);
    }
}
