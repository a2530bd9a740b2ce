package io.gev.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.Connection;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.Echo;
import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GevActuatorAutoConfigurationTests {

    static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(GevAutoConfiguration.class,
            GevHealthAutoConfiguration.class, GevMetricsAutoConfiguration.class, GevEndpointAutoConfiguration.class,
            MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AUTO_CONFIGURATIONS)
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=2")
            .withUserConfiguration(EchoHandler.class);

    @GevHandler
    static class EchoHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }

    @Test
    void healthIsUpWithDetailsWhileServingAndOutOfServiceAfterStop() {
        runner.run(context -> {
            assertThat(context).hasBean("gevHealthIndicator");
            GevHealthIndicator indicator = context.getBean(GevHealthIndicator.class);
            Health health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) health.getDetails().get("default");
            assertThat(detail).containsEntry("port", Echo.port(context, "")).containsEntry("loops", 2)
                    .containsEntry("state", "RUNNING").containsEntry("connections", 0).containsKey("address")
                    .containsEntry("transport", "tcp");
            context.getBean(GevServers.class).get("default").stop();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void healthIndicatorCanBeTurnedOffOrReplaced() {
        runner.withPropertyValues("management.health.gev.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(GevServers.class).doesNotHaveBean("gevHealthIndicator");
        });
        runner.withBean("gevHealthIndicator", AbstractHealthIndicator.class, () -> new AbstractHealthIndicator() {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                builder.up().withDetail("mine", true);
            }
        }).run(context -> {
            assertThat(context).doesNotHaveBean(GevHealthIndicator.class).hasBean("gevHealthIndicator");
        });
    }

    @Test
    void withoutActuatorOrMicrometerClassesTheServerStillRuns() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class, MeterBinder.class,
                        MeterRegistry.class, org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, GevHealthAutoConfiguration.class,
                        GevMetricsAutoConfiguration.class, GevEndpointAutoConfiguration.class))
                .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1",
                        "management.endpoints.web.exposure.include=gev")
                .withUserConfiguration(EchoHandler.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(GevServers.class);
                    assertThat(context).doesNotHaveBean("gevHealthIndicator").doesNotHaveBean("gevMetrics")
                            .doesNotHaveBean(GevEndpoint.class);
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "still here")).isEqualTo("still here");
                });
    }

    @GevHandler
    static class AmplifyingHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return new byte[8 * 1024 * 1024];
        }
    }

    @Test
    void aPeerThatDoesNotReadPastTheOutboundLimitIsClosedAndCountedAsAnOverflow() {
        new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
                .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.outbound.max-bytes=1MB",
                        "gev.outbound.on-overflow=close", "gev.stall-threshold=1s")
                .withUserConfiguration(AmplifyingHandler.class).run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    try (Socket reader = new Socket()) {
                        reader.setReceiveBufferSize(16 * 1024);
                        reader.connect(new java.net.InetSocketAddress("127.0.0.1", Echo.port(context, "")));
                        reader.getOutputStream().write('?');
                        await().until(() -> registry.get("gev.errors").tag("type", "overflow").functionCounter()
                                .count() == 1.0);
                        await().until(() -> counter(registry, "gev.connections.closed") == 1.0);
                    }
                    assertThat(registry.get("gev.errors").tag("type", "read-timeout").functionCounter().count())
                            .isZero();
                    assertThat(registry.get("gev.loop.stalls").functionCounter().count()).isZero();
                });
    }

    @Test
    void metersMoveWithTraffic() {
        runner.run(context -> {
            assertThat(context).hasBean("gevMetrics");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int port = Echo.port(context, "");
            try (Socket open = new Socket("127.0.0.1", port)) {
                await().until(() -> registry.get("gev.connections.active").tag("server", "default").gauge()
                        .value() == 1.0);
                assertThat(Echo.roundTrip(port, "12345")).isEqualTo("12345");
                assertThat(Echo.roundTrip(port, "678")).isEqualTo("678");
            }
            await().until(() -> counter(registry, "gev.connections.closed") == 3.0);
            assertThat(counter(registry, "gev.connections.accepted")).isEqualTo(3.0);
            assertThat(counter(registry, "gev.messages.received")).isEqualTo(2.0);
            assertThat(counter(registry, "gev.messages.sent")).isEqualTo(2.0);
            assertThat(counter(registry, "gev.bytes.read")).isEqualTo(8.0);
            assertThat(counter(registry, "gev.bytes.written")).isEqualTo(8.0);
            assertThat(registry.get("gev.errors").tag("type", "handler").functionCounter().count()).isZero();
            assertThat(registry.get("gev.errors").tag("type", "decode").functionCounter().count()).isZero();
            assertThat(registry.get("gev.errors").tag("type", "io").functionCounter().count()).isZero();
            assertThat(registry.get("gev.connections.active").gauge().value()).isZero();
            assertThat(registry.get("gev.connections.refused").functionCounters())
                    .extracting(c -> c.getId().getTag("reason"))
                    .containsExactlyInAnyOrder("max-connections", "max-connections-per-ip", "access", "rate");
            assertThat(registry.get("gev.connections.refused").functionCounters()).allMatch(c -> c.count() == 0);
            assertThat(registry.get("gev.errors").tag("type", "handshake-timeout").functionCounter().count()).isZero();
            assertThat(registry.get("gev.errors").tag("type", "memory").functionCounter().count()).isZero();
            await().until(() -> registry.get("gev.buffered.bytes").gauge().value() == 0.0);
            assertThat(registry.get("gev.loop.tasks.pending").gauges()).hasSize(2)
                    .allMatch(g -> g.value() >= 0)
                    .extracting(g -> g.getId().getTag("loop")).containsExactlyInAnyOrder("0", "1");
        });
    }

    static double counter(MeterRegistry registry, String name) {
        return registry.get(name).tag("server", "default").functionCounter().count();
    }

    @Test
    void metricsBinderCanBeReplaced() {
        runner.withBean("gevMetrics", MeterBinder.class, () -> r -> { }).run(context -> {
            assertThat(context).doesNotHaveBean(GevMetrics.class).hasBean("gevMetrics");
            assertThat(context.getBean(MeterRegistry.class).find("gev.connections.active").gauge()).isNull();
        });
    }

    @Test
    void endpointIsAbsentUntilExposedThenDescribesServersLoopsAndConnections() throws Exception {
        runner.run(context -> assertThat(context).doesNotHaveBean(GevEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=gev").run(context -> {
            GevEndpoint endpoint = context.getBean(GevEndpoint.class);
            int port = Echo.port(context, "");
            try (Socket client = new Socket("127.0.0.1", port)) {
                GevServer server = context.getBean(GevServers.class).get("default");
                await().until(() -> server.connectionCount() == 1);
                Map<String, GevEndpoint.ServerDescription> all = endpoint.servers();
                assertThat(all).containsOnlyKeys("default");
                GevEndpoint.ServerDescription d = endpoint.server("default");
                assertThat(d.state()).isEqualTo("RUNNING");
                assertThat(d.port()).isEqualTo(port);
                assertThat(d.loops()).hasSize(2).allMatch(io.gev.LoopInfo::alive);
                assertThat(d.connections()).isEqualTo(1);
                assertThat(d.settings()).containsEntry("framing", "raw").containsEntry("loops", 2)
                        .containsEntry("shutdownTimeout", "PT10S").containsKeys("idleTimeout", "maxConnections");
                assertThat(d.openConnections()).singleElement().satisfies(c -> {
                    assertThat(c.peer()).isEqualTo("127.0.0.1:" + client.getLocalPort());
                    assertThat(c.local()).isEqualTo("127.0.0.1:" + port);
                    assertThat(c.writeBufferLength()).isZero();
                });
                assertThat(d.totals().connectionsAccepted()).isEqualTo(1);
                assertThat(endpoint.server("nope")).isNull();
            }
        });
    }

    @Test
    void aServerOnAUnixSocketShowsItsPathAndTransportUnix(@TempDir Path dir) {
        Path file = dir.resolve("health.sock");
        runner.withPropertyValues("gev.unix-socket=" + file, "management.endpoints.web.exposure.include=gev")
                .run(context -> {
                    Health health = context.getBean(GevHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> detail = (Map<String, Object>) health.getDetails().get("default");
                    assertThat(detail).containsEntry("transport", "unix").containsEntry("address", file.toString())
                            .containsEntry("port", -1);

                    GevEndpoint.ServerDescription d = context.getBean(GevEndpoint.class).server("default");
                    assertThat(d.transport()).isEqualTo("unix");
                    assertThat(d.address()).isEqualTo(file.toString());
                });
    }

    @Test
    void aUdpServerIsHealthyWithItsPortAndNoConnectionsAndItsDatagramsAreMetered() {
        runner.withPropertyValues("gev.transport=udp", "gev.udp.max-datagram-size=8B",
                "management.endpoints.web.exposure.include=gev").run(context -> {
                    int port = Echo.port(context, "");
                    assertThat(Echo.datagramRoundTrip(port, "12345")).isEqualTo("12345");
                    try (DatagramChannel sender = DatagramChannel.open()) {
                        sender.send(ByteBuffer.wrap(new byte[9]), new InetSocketAddress("127.0.0.1", port));
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().until(() -> counter(registry, "gev.datagrams.dropped") == 1.0);
                    assertThat(counter(registry, "gev.messages.received")).isEqualTo(1.0);
                    assertThat(counter(registry, "gev.bytes.read")).isEqualTo(5.0);
                    assertThat(counter(registry, "gev.connections.accepted")).isZero();

                    Health health = context.getBean(GevHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> detail = (Map<String, Object>) health.getDetails().get("default");
                    assertThat(detail).containsEntry("port", port).containsEntry("transport", "udp")
                            .containsEntry("connections", 0).containsEntry("loops", 2);

                    GevEndpoint.ServerDescription d = context.getBean(GevEndpoint.class).server("default");
                    assertThat(d.transport()).isEqualTo("udp");
                    assertThat(d.port()).isEqualTo(port);
                    assertThat(d.connections()).isZero();
                    assertThat(d.openConnections()).isEmpty();
                    assertThat(d.loops()).hasSize(2).allMatch(io.gev.LoopInfo::alive);
                    assertThat(d.totals().datagramsDropped()).isEqualTo(1);
                    assertThat(d.totals().messagesReceived()).isEqualTo(1);
                });
    }

    @Test
    void tlsHandshakesFailuresAndHandshakeTimeoutsAreMeteredApartAndTheServerReportsTls() {
        io.gev.TestPki pki = io.gev.TestPki.shared();
        io.gev.TestPki.Identity identity = pki.server("gev-server");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, GevHealthAutoConfiguration.class,
                        GevMetricsAutoConfiguration.class, GevEndpointAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
                .withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.ssl.bundle=gev",
                        "gev.ssl.handshake-timeout=200ms",
                        "spring.ssl.bundle.pem.gev.keystore.certificate=file:" + identity.certificate(),
                        "spring.ssl.bundle.pem.gev.keystore.private-key=file:" + identity.privateKey(),
                        "management.endpoints.web.exposure.include=gev")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    int port = Echo.port(context, "");
                    try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) pki.clientContext()
                            .getSocketFactory().createSocket("127.0.0.1", port)) {
                        tls.startHandshake();
                    }
                    try (Socket plain = new Socket("127.0.0.1", port)) {
                        plain.getOutputStream().write("not tls\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        await().until(() -> registry.get("gev.errors").tag("type", "tls").functionCounter()
                                .count() == 1.0);
                    }
                    try (Socket silent = new Socket("127.0.0.1", port)) { // a handshake timeout is no TLS error
                        silent.setSoTimeout(5000);
                        assertThat(silent.getInputStream().read()).isEqualTo(-1);
                        await().until(() -> registry.get("gev.errors").tag("type", "handshake-timeout")
                                .functionCounter().count() == 1.0);
                    }
                    assertThat(registry.get("gev.errors").tag("type", "tls").functionCounter().count()).isEqualTo(1.0);
                    assertThat(counter(registry, "gev.tls.handshakes")).isEqualTo(1.0);
                    assertThat(context.getBean(GevEndpoint.class).server("default").tls()).isTrue();
                    assertThat(context.getBean(GevEndpoint.class).server("default").totals().tlsHandshakes())
                            .isEqualTo(1);
                    Health health = context.getBean(GevHealthIndicator.class).health(true);
                    assertThat(health.getDetails().get("default")).asString().contains("tls=true");
                });
    }
}
