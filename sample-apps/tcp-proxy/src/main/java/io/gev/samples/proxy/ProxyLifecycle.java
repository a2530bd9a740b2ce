package io.gev.samples.proxy;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServerLifecycle;
import io.gev.spring.autoconfigure.GevServers;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the health checks once the proxy server runs, and drains the proxy before the server stops: readiness turns
 * to {@code REFUSING_TRAFFIC}, new clients are closed at once while the ones connected go on being relayed until they
 * close, for at most the server's {@code gev.shutdown-timeout}; then the server's own drain writes out what is queued
 * and closes the rest. Thread safe.
 */
final class ProxyLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProxyLifecycle.class);

    private final GevServers servers;
    private final Upstreams upstreams;
    private final HealthChecks healthChecks;
    private final ApplicationEventPublisher events;
    private volatile boolean running;

    ProxyLifecycle(GevServers servers, Upstreams upstreams, HealthChecks healthChecks,
            ApplicationEventPublisher events) {
        this.servers = servers;
        this.upstreams = upstreams;
        this.healthChecks = healthChecks;
        this.events = events;
    }

    /** Thread safe. */
    @Override
    public void start() {
        healthChecks.start(servers.get(GevServers.DEFAULT));
        running = true;
    }

    /** Drains: blocks for at most the server's shutdown timeout. Thread safe. */
    @Override
    public void stop() {
        try {
            drain();
        } finally {
            running = false;
        }
    }

    private void drain() {
        GevServer server = servers.get(GevServers.DEFAULT);
        Duration timeout = server.shutdownTimeout();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        log.info("proxy draining: new clients are refused; waiting up to {} for {} client(s)", timeout,
                upstreams.clients());
        try {
            if (upstreams.drain(timeout.toMillis())) {
                log.info("proxy drained: every client closed");
            } else {
                log.info("proxy drain: {} client(s) still open after {}; the server closes them", upstreams.clients(),
                        timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            healthChecks.close();
        }
    }

    /** Thread safe. */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the gev servers and stops before them. */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE + 1;
    }

    /** Thread safe. */
    @Override
    public boolean isPauseable() {
        return false;
    }
}
