package io.gev.spring.autoconfigure.actuate;

import static io.gev.spring.autoconfigure.actuate.GevActuatorAutoConfigurationTests.counter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.Connection;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.RefusalReason;
import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.Echo;
import io.gev.spring.autoconfigure.GevServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The abuse-resistance properties reach the engine over real sockets: the access list ({@code gev.access.*}), the
 * connection rate per address, the PROXY header timeout and the memory budget's figure, each counted in its meter.
 */
class GevAbuseResistanceTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(GevActuatorAutoConfigurationTests.AUTO_CONFIGURATIONS)
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1",
                    "management.endpoints.web.exposure.include=gev")
            .withUserConfiguration(GevActuatorAutoConfigurationTests.EchoHandler.class);

    @Test
    void aDeniedClientGetsEndOfStreamAndIsCountedAsRefusedForAccess() {
        runner.withPropertyValues("gev.access.deny=10.0.0.0/8,127.0.0.1").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            try (Socket denied = new Socket("127.0.0.1", Echo.port(context, ""))) {
                assertThat(readsEndOfStream(denied, Duration.ofSeconds(5))).isTrue();
            }
            await().until(() -> refused(registry, RefusalReason.ACCESS) == 1.0);
            assertThat(refused(registry, RefusalReason.RATE)).isZero();
            assertThat(refused(registry, RefusalReason.MAX_CONNECTIONS)).isZero();
            assertThat(counter(registry, "gev.connections.accepted")).isZero();
            assertThat(context.getBean(GevEndpoint.class).server("default").totals().connectionsRefused())
                    .containsEntry("access", 1L).containsEntry("rate", 0L);
        });
    }

    @Test
    void anAllowedClientIsServedAndOneNotAllowedIsRefused() {
        runner.withPropertyValues("gev.access.allow=127.0.0.1").run(context -> {
            assertThat(Echo.roundTrip(Echo.port(context, ""), "allowed")).isEqualTo("allowed");
            assertThat(refused(context.getBean(MeterRegistry.class), RefusalReason.ACCESS)).isZero();
        });
        runner.withPropertyValues("gev.access.allow=10.0.0.0/8,::1").run(context -> {
            try (Socket notAllowed = new Socket("127.0.0.1", Echo.port(context, ""))) {
                assertThat(readsEndOfStream(notAllowed, Duration.ofSeconds(5))).isTrue();
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().until(() -> refused(registry, RefusalReason.ACCESS) == 1.0);
        });
    }

    @Test
    void aNamedServerHasItsOwnAccessList() {
        runner.withUserConfiguration(AdminHandler.class)
                .withPropertyValues("gev.servers.admin.port=0", "gev.servers.admin.access.deny=127.0.0.0/8")
                .run(context -> {
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "default")).isEqualTo("default");
                    try (Socket denied = new Socket("127.0.0.1", Echo.port(context, "admin"))) {
                        assertThat(readsEndOfStream(denied, Duration.ofSeconds(5))).isTrue();
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().until(() -> registry.get("gev.connections.refused").tag("server", "admin")
                            .tag("reason", "access").functionCounter().count() == 1.0);
                    assertThat(refused(registry, RefusalReason.ACCESS)).isZero();
                });
    }

    @Test
    void connectionsFasterThanTheRatePerAddressAreRefusedAndCountedAsRate() {
        runner.withPropertyValues("gev.max-connection-rate-per-ip=1").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            GevServer server = context.getBean(GevServers.class).get("default");
            int port = Echo.port(context, "");
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sockets.add(new Socket("127.0.0.1", port));
                }
                await().until(() -> counter(registry, "gev.connections.accepted")
                        + refused(registry, RefusalReason.RATE) == 5.0);
                double served = counter(registry, "gev.connections.accepted");
                assertThat(served).isBetween(1.0, 2.0);
                assertThat(refused(registry, RefusalReason.RATE)).isEqualTo(5.0 - served);
                int ended = 0;
                for (Socket socket : sockets) {
                    if (readsEndOfStream(socket, Duration.ofMillis(300))) {
                        ended++;
                    } else {
                        socket.getOutputStream().write("served".getBytes(StandardCharsets.US_ASCII));
                        assertThat(new String(socket.getInputStream().readNBytes(6), StandardCharsets.US_ASCII))
                                .isEqualTo("served");
                    }
                }
                assertThat(ended).isEqualTo(5 - (int) served);
                assertThat(server.stats().connectionsRefused(RefusalReason.RATE)).isEqualTo(ended);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        });
    }

    @Test
    void aProxyHeaderNotSentWholeInTimeEndsTheConnectionAsAHandshakeTimeout() {
        runner.withPropertyValues("gev.proxy-protocol=required", "gev.proxy-header-timeout=200ms").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            try (Socket slow = new Socket("127.0.0.1", Echo.port(context, ""))) {
                slow.getOutputStream().write("PROXY TCP4 1.2".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                assertThat(readsEndOfStream(slow, Duration.ofSeconds(5))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
            await().until(() -> errors(registry, "handshake-timeout") == 1.0);
            assertThat(errors(registry, "decode")).isZero();
            assertThat(errors(registry, "read-timeout")).isZero();
            assertThat(context.getBean(GevEndpoint.class).server("default").totals().handshakeTimeouts())
                    .isEqualTo(1);
        });
    }

    @Test
    void theBufferedBytesGaugeAndTheEndpointReadZeroOnAnIdleServer() {
        runner.withPropertyValues("gev.memory.max-buffered=1MB").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("gev.buffered.bytes").tag("server", "default").gauge().value()).isZero();
            assertThat(registry.get("gev.buffered.bytes").gauge().getId().getBaseUnit()).isEqualTo("bytes");
            assertThat(errors(registry, "memory")).isZero();
            GevEndpoint.ServerDescription d = context.getBean(GevEndpoint.class).server("default");
            assertThat(d.bufferedBytes()).isZero();
            assertThat(d.totals().memoryOverruns()).isZero();
            assertThat(Echo.roundTrip(Echo.port(context, ""), "within budget")).isEqualTo("within budget");
        });
    }

    /** Whether the server ended {@code socket} (end of stream) within {@code timeout}; false if it is still open. */
    private static boolean readsEndOfStream(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private static double refused(MeterRegistry registry, RefusalReason reason) {
        return registry.get("gev.connections.refused").tag("server", "default").tag("reason", reason.tag())
                .functionCounter().count();
    }

    private static double errors(MeterRegistry registry, String type) {
        return registry.get("gev.errors").tag("server", "default").tag("type", type).functionCounter().count();
    }

    @GevHandler("admin")
    static class AdminHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }
}
