package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code gev.transport=udp}: datagram servers from properties, and what they refuse. */
class GevUdpAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    @Test
    void transportUdpServesDatagramsOnThePublishedPort() {
        echo("gev.transport=udp").run(context -> {
            GevServer server = context.getBean(GevServers.class).get("");
            assertThat(server.isUdp()).isTrue();
            int port = Echo.port(context, "");
            assertThat(port).isEqualTo(server.port()).isPositive();
            assertThat(Echo.datagramRoundTrip(port, "hello gev")).isEqualTo("hello gev");
            assertThat(server.stats().messagesReceived()).isEqualTo(1);
            assertThat(server.stats().connectionsAccepted()).isZero();
            assertThat(context.getBean(GevProperties.class).getTransport())
                    .isEqualTo(GevServerProperties.TransportType.UDP);
        });
    }

    @Test
    void eachServerHasItsOwnTransportAndInheritsTheTopLevelOne() {
        defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin.port=0").run(context -> {
            GevServers servers = context.getBean(GevServers.class);
            assertThat(servers.get("").isUdp()).isFalse();
            assertThat(servers.get("admin").isUdp()).isTrue();
            assertThat(Echo.roundTrip(Echo.port(context, ""), "hi", 10)).isEqualTo("default:hi");
            assertThat(Echo.datagramRoundTrip(Echo.port(context, "admin"), "hi")).isEqualTo("admin:hi");
        });
        defaultAndAdmin("gev.transport=udp", "gev.servers.admin.port=0").run(context -> {
            GevServers servers = context.getBean(GevServers.class);
            assertThat(servers.get("").isUdp()).isTrue();
            assertThat(servers.get("admin").isUdp()).isTrue();
            assertThat(Echo.datagramRoundTrip(Echo.port(context, "admin"), "hi")).isEqualTo("admin:hi");
        });
    }

    @Test
    void aLongerDatagramThanTheMaximumIsDroppedAndCounted() {
        echo("gev.transport=udp", "gev.udp.max-datagram-size=16B").run(context -> {
            GevServer server = context.getBean(GevServers.class).get("");
            int port = Echo.port(context, "");
            try (DatagramChannel sender = DatagramChannel.open()) {
                sender.send(ByteBuffer.wrap(new byte[17]), new InetSocketAddress("127.0.0.1", port));
            }
            await().until(() -> server.stats().datagramsDropped() == 1);
            assertThat(Echo.datagramRoundTrip(port, "sixteen bytes ok")).isEqualTo("sixteen bytes ok");
            assertThat(server.stats().messagesReceived()).isEqualTo(1);
        });
    }

    @Test
    void aProtocolBeanPacksTheRepliesOfAUdpServer() {
        runner.withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class,
                        GevAutoConfigurationTests.UpperLineProtocol.class)
                .withPropertyValues("gev.transport=udp").run(context -> {
                    // no newline: over TCP this protocol would wait for one; a datagram is a message already
                    assertThat(Echo.datagramRoundTrip(Echo.port(context, ""), "abc")).isEqualTo("ABC\n");
                });
    }

    @Test
    void whatNeedsAByteStreamOrIsOutOfRangeFailsNamingTheProperty() {
        failsWith(echo("gev.transport=udp", "gev.protocol.type=line"), "gev.protocol.type=line frames a byte stream,"
                + " but with gev.transport=udp every datagram is one message. Leave gev.protocol.type unset (raw), or"
                + " give a @GevProtocol bean to pack the replies.");
        failsWith(echo("gev.transport=udp", "gev.ssl.bundle=gev"),
                "gev.ssl.bundle must be unset with gev.transport=udp (TLS needs TCP), but was gev");
        failsWith(defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin.proxy-protocol=optional"),
                "gev.servers.admin.proxy-protocol must be off with gev.servers.admin.transport=udp (its header needs"
                        + " TCP), but was OPTIONAL");
        failsWith(echo("gev.transport=udp", "gev.unix-socket=/tmp/gev-udp.sock"),
                "gev.unix-socket must be unset with gev.transport=udp (a UDP server binds host and port), but was"
                        + " /tmp/gev-udp.sock");
        failsWith(echo("gev.transport=udp", "gev.handler.executor=virtual"),
                "gev.handler.executor must be loop with gev.transport=udp (datagrams have no connection to keep in"
                        + " order), but was VIRTUAL");
        failsWith(echo("gev.udp.max-datagram-size=64KB"),
                "gev.udp.max-datagram-size must be between 1B and 65535B, but was 65536B");
        runner.withUserConfiguration(PluginFramingTests.ShoutHandler.class)
                .withPropertyValues("gev.transport=udp").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageStartingWith("gev.transport=udp hands each datagram to io.gev.Handler.onMessage")
                            .hasMessageContaining(PluginFramingTests.ShoutHandler.class.getName());
                });
        echo("gev.transport=sctp").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
            .hasStackTraceContaining("Failed to bind properties under 'gev.transport'");
        });
    }

    private ApplicationContextRunner defaultAndAdmin(String... properties) {
        return runner.withUserConfiguration(GevAutoConfigurationTests.DefaultHandler.class,
                GevAutoConfigurationTests.AdminHandler.class).withPropertyValues(properties);
    }

    private ApplicationContextRunner echo(String... properties) {
        return runner.withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class)
                .withPropertyValues(properties);
    }

    private static void failsWith(ApplicationContextRunner configured, String message) {
        configured.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(message);
        });
    }
}
