package io.gev.samples.proxy;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health contributor {@code proxy}: UP while at least one upstream is up, DOWN when none is (every client would be
 * closed); the details give each upstream's state. Thread safe.
 */
final class ProxyHealthIndicator extends AbstractHealthIndicator {

    private final Upstreams upstreams;

    ProxyHealthIndicator(Upstreams upstreams) {
        super("proxy health check failed");
        this.upstreams = upstreams;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (upstreams.anyUp()) {
            builder.up();
        } else {
            builder.down();
        }
        for (Upstream upstream : upstreams.all()) {
            builder.withDetail(upstream.name(), upstream.isUp() ? "UP" : "DOWN");
        }
    }
}
