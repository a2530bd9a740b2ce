package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.spring.GevServerCustomizer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code gev.transport=udp}: datagram servers from properties, and what they refuse. */
class GevUdpAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    @Test
    void transportUdpServesDatagramsOnThePublishedPort() {
        echo("gev.transport=udp").run(context -> {
            GevServer server = context.getBean(GevServers.class).get("default");
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
            assertThat(servers.get("default").isUdp()).isFalse();
            assertThat(servers.get("admin").isUdp()).isTrue();
            assertThat(Echo.roundTrip(Echo.port(context, ""), "hi", 10)).isEqualTo("default:hi");
            assertThat(Echo.datagramRoundTrip(Echo.port(context, "admin"), "hi")).isEqualTo("admin:hi");
        });
        defaultAndAdmin("gev.transport=udp", "gev.servers.admin.port=0").run(context -> {
            GevServers servers = context.getBean(GevServers.class);
            assertThat(servers.get("default").isUdp()).isTrue();
            assertThat(servers.get("admin").isUdp()).isTrue();
            assertThat(Echo.datagramRoundTrip(Echo.port(context, "admin"), "hi")).isEqualTo("admin:hi");
        });
    }

    @Test
    void aLongerDatagramThanTheMaximumIsDroppedAndCounted() {
        echo("gev.transport=udp", "gev.udp.max-datagram-size=16B").run(context -> {
            GevServer server = context.getBean(GevServers.class).get("default");
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
        Refusals.failsNaming(echo("gev.transport=udp", "gev.udp.max-datagram-size=64KB"),
                "gev.udp.max-datagram-size", "65536B",
                Refusals.engineRefusal(() -> GevServer.udpBuilder(Refusals.echo()).maxDatagramSize(65536)));
        Refusals.failsNaming(echo("gev.transport=udp", "gev.backlog=-1"), "gev.backlog", -1,
                "does not apply to a UDP server (gev.transport=udp); leave it unset for this server");
        Refusals.failsNaming(echo("gev.transport=udp", "gev.access.deny=127.0.0.1"), "gev.access.deny",
                "[127.0.0.1]", "does not apply to a UDP server (gev.transport=udp); leave it unset for this server");
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ssl.bundle=gev | ssl.bundle | gev",
        "proxy-protocol=optional | proxy-protocol | OPTIONAL",
        "trusted-proxies=10.0.0.0/8 | trusted-proxies | [10.0.0.0/8]",
        "unix-socket=/tmp/gev-udp.sock | unix-socket | /tmp/gev-udp.sock",
        "handler.executor=virtual | handler.executor | VIRTUAL",
        "handler.max-pending-per-connection=8 | handler.max-pending-per-connection | 8",
        "idle-timeout=5m | idle-timeout | PT5M",
        "max-connections=10 | max-connections | 10",
        "refusal-message=busy | refusal-message | busy",
        "outbound.max-bytes=1MB | outbound.max-bytes | 1048576B",
        "tcp-no-delay=false | tcp-no-delay | false",
        "load-balance=least-connections | load-balance | LEAST_CONNECTIONS",
        "access.allow=10.0.0.0/8 | access.allow | [10.0.0.0/8]",
        "access.deny=127.0.0.1 | access.deny | [127.0.0.1]",
        "max-connection-rate-per-ip=5 | max-connection-rate-per-ip | 5",
        "proxy-header-timeout=1s | proxy-header-timeout | PT1S",
        "memory.max-buffered=1MB | memory.max-buffered | 1048576B"})
    void aTcpSettingSetForAUdpServerFailsNamingIt(String setting, String key, String value) {
        Refusals.failsNaming(defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin." + setting),
                "gev.servers.admin." + key, value, "does not apply to a UDP server"
                        + " (gev.servers.admin.transport=udp); leave it unset for this server");
    }

    @Test
    void aNamedUdpServerIgnoresTheTcpSettingsItInheritsFromTheTopLevel() {
        defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin.port=0", "gev.idle-timeout=5m",
                "gev.max-connections=10", "gev.proxy-protocol=optional", "gev.trusted-proxies=127.0.0.0/8",
                "gev.outbound.max-bytes=1MB", "gev.access.deny=127.0.0.1", "gev.max-connection-rate-per-ip=1",
                "gev.memory.max-buffered=1MB", "gev.proxy-header-timeout=1s").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(GevServers.class).get("admin").isUdp()).isTrue();
                    assertThat(Echo.datagramRoundTrip(Echo.port(context, "admin"), "hi")).isEqualTo("admin:hi");
                });
        // set to its default for this server, it is not set at all
        defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin.port=0", "gev.proxy-protocol=required",
                "gev.servers.admin.proxy-protocol=off").run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class BothKindsOfCustomizer {
        static final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        GevServerCustomizer tcpOnly() {
            return (name, builder) -> calls.add("tcp-only:" + name);
        }

        @Bean
        GevServerCustomizer both() {
            return new GevServerCustomizer() {
                @Override
                public void customize(String name, GevServer.Builder builder) {
                    calls.add("tcp:" + name);
                }

                @Override
                public void customize(String name, GevServer.UdpBuilder builder) {
                    calls.add("udp:" + name);
                    builder.loops(2);
                }
            };
        }
    }

    @Test
    void customizersGetTheUdpBuilderOfAUdpServer() {
        BothKindsOfCustomizer.calls.clear();
        defaultAndAdmin("gev.servers.admin.transport=udp", "gev.servers.admin.port=0")
                .withUserConfiguration(BothKindsOfCustomizer.class).run(context -> {
                    assertThat(BothKindsOfCustomizer.calls)
                            .containsExactlyInAnyOrder("tcp-only:default", "tcp:default", "udp:admin");
                    assertThat(context.getBean(GevServers.class).get("admin").loopCount()).isEqualTo(2);
                    assertThat(context.getBean(GevServers.class).get("default").loopCount()).isEqualTo(1);
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
