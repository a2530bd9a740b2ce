package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.Connection;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

class GevServerLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, LifecycleAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    /** Answers any message with 8 MiB, which a client that never reads leaves queued. */
    @GevHandler
    static class FloodHandler implements Handler {
        static final byte[] FLOOD = new byte[8 << 20];

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return FLOOD;
        }
    }

    static final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();

    static class ReadinessRecorder implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {
        @Override
        public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
            readiness.add(event.getState());
        }
    }

    @Test
    void closingRefusesTrafficAndTheDrainEndsWithinTheShutdownPhaseTimeout() {
        readiness.clear();
        runner.withUserConfiguration(FloodHandler.class, ReadinessRecorder.class)
                .withPropertyValues("gev.shutdown-timeout=60s", "spring.lifecycle.timeout-per-shutdown-phase=1500ms")
                .run(context -> {
                    GevServer server = context.getBean(GevServers.class).get("default");
                    try (SocketChannel stubborn = SocketChannel.open(
                            new InetSocketAddress("127.0.0.1", Echo.port(context, "")))) {
                        stubborn.write(ByteBuffer.wrap(new byte[] {'g', 'o'}));
                        await().until(() -> server.stats().bytesWritten() > 0);
                        long start = System.nanoTime();
                        context.close();
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        assertThat(took).as("close bounded by the phase timeout, not gev.shutdown-timeout")
                                .isBetween(Duration.ofMillis(500), Duration.ofSeconds(6));
                        assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
                        assertThat(server.stats().bytesWritten()).isLessThan(FloodHandler.FLOOD.length);
                    }
                    assertThat(readiness).contains(ReadinessState.REFUSING_TRAFFIC);
                });
    }

    /**
     * Stands for Boot's graceful web server shutdown: a lifecycle in its phase
     * ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}; no web server is on this module's class path),
     * noting the gev server's state when it is started and stopped.
     */
    static class WebServerPhase implements SmartLifecycle {
        static final int GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

        final List<String> seen = new CopyOnWriteArrayList<>();
        private final GevServers servers;
        private volatile boolean running;

        WebServerPhase(GevServers servers) {
            this.servers = servers;
        }

        @Override
        public void start() {
            seen.add("web server started, gev " + servers.get("default").state());
            running = true;
        }

        @Override
        public void stop() {
            seen.add("web server stopping, gev " + servers.get("default").state());
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return GRACEFUL_SHUTDOWN_PHASE;
        }
    }

    @Test
    void gevStartsAfterTheWebServerAndHasDrainedBeforeTheWebServerShutsDown() {
        runner.withUserConfiguration(FloodHandler.class, WebServerPhase.class).run(context -> {
            WebServerPhase web = context.getBean(WebServerPhase.class);
            assertThat(context.getBean(GevServers.class).get("default").state()).isEqualTo(GevServer.State.RUNNING);
            context.close();
            assertThat(web.seen).containsExactly("web server started, gev NEW", "web server stopping, gev TERMINATED");
        });
    }

    @Test
    void portsArePublishedAsLocalProperties() {
        runner.withUserConfiguration(FloodHandler.class).run(context -> {
            GevServer server = context.getBean(GevServers.class).get("default");
            assertThat(context.getEnvironment().getProperty("local.gev.port", Integer.class)).isEqualTo(server.port());
            assertThat(context.getBean(GevServerLifecycle.class).isRunning()).isTrue();
            assertThat(context.getBean(GevServerLifecycle.class).getPhase()).isEqualTo(GevServerLifecycle.PHASE);
        });
    }
}
