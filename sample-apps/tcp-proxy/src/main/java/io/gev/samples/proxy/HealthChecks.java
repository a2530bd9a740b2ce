package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.GevClient;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.LocalConnectException;
import io.gev.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: every {@code proxy.health.interval}, a TCP connect to each upstream (bounded by
 * {@code proxy.health.timeout}), closed as soon as it is made (after a LOCAL PROXY header with
 * {@code proxy.send-proxy: v2}). Timer and connects run on the proxy server's loops and never block them; an upstream
 * whose previous check is still under way is skipped. A check that fails on the proxy's side (out of file descriptors
 * or local ports), or ends as the proxy stops, counts neither way. Thread safe.
 */
final class HealthChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    private final Upstreams upstreams;
    private final ProxyProperties properties;
    /** A bit per upstream whose check is under way. */
    private final AtomicLong checking = new AtomicLong();
    private GevClient probes;
    private Timer timer;

    HealthChecks(Upstreams upstreams, ProxyProperties properties) {
        this.upstreams = upstreams;
        this.properties = properties;
    }

    /** Starts checking, on {@code server}'s loops (it runs). Thread safe. */
    synchronized void start(GevServer server) {
        if (timer != null) {
            return;
        }
        byte[] header = properties.sendProxy() == ProxyProperties.SendProxy.V2 ? ProxyHeader.local() : null;
        probes = GevClient.builder(new Probe(header)).loopsOf(server)
                .connectTimeout(properties.health().timeout()).build();
        timer = server.runEvery(properties.health().interval(), this::checkAll);
    }

    private void checkAll() {
        for (Upstream upstream : upstreams.all()) {
            long bit = Upstreams.bit(upstream);
            if ((checking.getAndUpdate(c -> c | bit) & bit) == 0) {
                check(upstream, bit);
            }
        }
    }

    private void check(Upstream upstream, long bit) {
        CompletableFuture<Connection> connecting;
        try {
            connecting = probes.connect(upstream.address());
        } catch (IllegalStateException stopping) {
            checking.getAndUpdate(c -> c & ~bit);
            return;
        }
        connecting.whenComplete((connection, failure) -> {
            checking.getAndUpdate(c -> c & ~bit);
            if (upstreams.isDraining()) {
                return; // the proxy stops: checks still under way end with it
            }
            if (failure == null) {
                upstream.checkPassed();
            } else if (failure instanceof LocalConnectException) {
                upstreams.localFailure(); // the proxy's own failure: this check says nothing of the upstream
                log.debug("{}: no health check made ({})", upstream, failure.getMessage());
            } else {
                upstream.checkFailed();
            }
        });
    }

    /** Stops checking. Thread safe. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.cancel();
            probes.close();
        }
    }

    /** A check's connection: closed as soon as it is open, after the LOCAL header if there is one. */
    private static final class Probe implements Handler {

        private final byte[] header;

        Probe(byte[] header) {
            this.header = header;
        }

        /** Loop thread only (a handler callback). */
        @Override
        public void onConnect(Connection connection) {
            if (header != null) {
                connection.send(header);
            }
            connection.close();
        }

        /** Loop thread only (a handler callback); a check reads nothing. */
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return null;
        }
    }
}
