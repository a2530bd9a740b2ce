package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Starts the gev servers when the context is refreshed and drains them when it closes.
 *
 * <p>Start fails with a {@link GevStartupException} naming the server and the property to change when a server
 * cannot bind. Start publishes each bound TCP port as {@code local.gev.port} (default server) or
 * {@code local.gev.<name>.port}.
 * Stop publishes {@link ReadinessState#REFUSING_TRAFFIC}, stops accepting, lets queued replies flush and connections
 * close, and cuts what is left after the server's {@code shutdown-timeout} or
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, whichever comes first. Servers drain in parallel.
 */
public class GevServerLifecycle implements SmartLifecycle {

    /**
     * Starts after and stops before Boot's web server lifecycles ({@code WebServerApplicationContext}'s
     * {@code GRACEFUL_SHUTDOWN_PHASE}, {@code DEFAULT_PHASE - 1024}, and {@code START_STOP_LIFECYCLE_PHASE}): an
     * application's HTTP side, Actuator's readiness endpoint included, still answers while gev drains, so probes and
     * load balancers see the drain. Ordinary lifecycle beans ({@code DEFAULT_PHASE}) stop before gev.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    static final String PORTS_PROPERTY_SOURCE = "gev.ports";
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);
    /** Left to the lifecycle processor's own timeout, so our drain ends first. */
    private static final Duration PHASE_MARGIN = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(GevServerLifecycle.class);

    private final GevServers servers;
    private final ConfigurableEnvironment environment;
    private final ApplicationEventPublisher publisher;
    private volatile boolean running;

    public GevServerLifecycle(GevServers servers, ConfigurableEnvironment environment,
            ApplicationEventPublisher publisher) {
        this.servers = servers;
        this.environment = environment;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        List<GevServer> started = new ArrayList<>();
        Map<String, Object> ports = new HashMap<>();
        try {
            for (Map.Entry<String, GevServer> e : servers.asMap().entrySet()) {
                start(e.getKey(), e.getValue());
                started.add(e.getValue());
                if (e.getValue().port() >= 0) { // not for a Unix domain socket
                    String key = GevServers.DEFAULT.equals(e.getKey()) ? "local.gev.port"
                            : "local.gev." + e.getKey() + ".port";
                    ports.put(key, e.getValue().port());
                }
            }
        } catch (RuntimeException e) {
            started.forEach(GevServer::stop);
            throw e;
        }
        publishPorts(ports);
        running = true;
    }

    /**
     * Starts {@code server}; a bind failure becomes a {@link GevStartupException} naming the server, its address and
     * the property to change.
     */
    private static void start(String name, GevServer server) {
        try {
            server.start();
        } catch (UncheckedIOException e) {
            String prefix = GevProperties.prefixOf(name);
            throw new GevStartupException(e.getMessage() + ".", "Stop what holds that address (another process, or"
                    + " another instance of this application), or set " + prefix + ".port to a free port (0 picks"
                    + " one), or " + prefix + ".unix-socket to a free path for a Unix domain socket server.", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void publishPorts(Map<String, Object> ports) {
        PropertySource<?> existing = environment.getPropertySources().get(PORTS_PROPERTY_SOURCE);
        if (existing instanceof MapPropertySource map) {
            ((Map<String, Object>) map.getSource()).putAll(ports);
        } else {
            environment.getPropertySources().addFirst(new MapPropertySource(PORTS_PROPERTY_SOURCE, ports));
        }
    }

    @Override
    public void stop() {
        drain();
    }

    @Override
    public void stop(Runnable callback) {
        Thread drainer = new Thread(() -> {
            try {
                drain();
            } finally {
                callback.run();
            }
        }, "gev-shutdown");
        drainer.start();
    }

    private void drain() {
        if (!running) {
            return;
        }
        running = false;
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        Duration phaseTimeout = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_PHASE_TIMEOUT)
                .minus(PHASE_MARGIN);
        List<Thread> drainers = new ArrayList<>();
        for (Map.Entry<String, GevServer> e : servers.asMap().entrySet()) {
            GevServer server = e.getValue();
            Duration timeout = min(server.shutdownTimeout(), phaseTimeout);
            Thread t = new Thread(() -> server.stop(timeout), "gev-shutdown-" + e.getKey());
            t.start();
            drainers.add(t);
        }
        for (Thread t : drainers) {
            try {
                t.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                log.warn("gev: interrupted while draining; servers go on stopping in the background");
                return;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isNegative() ? Duration.ZERO : m;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }
}
