package io.gev.spring.autoconfigure;

import static io.gev.spring.autoconfigure.Refusals.engineRefusal;
import static io.gev.spring.autoconfigure.Refusals.failsNaming;
import static io.gev.spring.autoconfigure.Refusals.tcpRefusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import io.gev.OverflowPolicy;
import io.gev.ProxyProtocol;
import io.gev.spring.GevServerCustomizer;
import io.gev.websocket.WebSocketOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

/**
 * {@link GevServerPropertiesMapper}: the engine's builders are the one judge of a value, and a value they refuse fails
 * startup naming the property, with the builder's own message as the reason, as the same value fails from Java.
 */
class GevPropertiesMapperTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    private ApplicationContextRunner echo(String... properties) {
        return runner.withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class).withPropertyValues(properties);
    }

    @Test
    void aNegativeBacklogFailsByTheEnginesRule() {
        failsNaming(echo("gev.backlog=-1"), "gev.backlog", -1, tcpRefusal(b -> b.backlog(-1)));
        assertThat(tcpRefusal(b -> b.backlog(-1))).isEqualTo("backlog must not be negative: -1");
    }

    /** gev.backlog is set in gev-negative-backlog.yml only. */
    @Test
    void aValueFromYamlFailsByTheSameRuleAsTheJavaCall() {
        runner.withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.name=gev-negative-backlog").run(context -> {
                    Refusals.assertRefused(context, "gev.backlog", -1, tcpRefusal(b -> b.backlog(-1)));
                    assertThat(NestedExceptionUtils.getRootCause(context.getStartupFailure()))
                            .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> {
                                assertThat(failure.getName()).isEqualTo("gev.backlog");
                                assertThat(failure.getValue()).isEqualTo(-1);
                                assertThat(failure.getReason()).isEqualTo("backlog must not be negative: -1");
                            });
                });
    }

    @Test
    void aNegativeReceiveBufferSizeFailsByTheEnginesRule() {
        failsNaming(echo("gev.receive-buffer-size=-1B"), "gev.receive-buffer-size", "-1B",
                tcpRefusal(b -> b.receiveBufferSize(-1)));
        failsNaming(echo("gev.send-buffer-size=-8KB"), "gev.send-buffer-size", "-8192B",
                tcpRefusal(b -> b.sendBufferSize(-8192)));
    }

    @Test
    void aSizeThatDoesNotFitAnIntFailsNamingTheProperty() {
        failsNaming(echo("gev.receive-buffer-size=3GB"), "gev.receive-buffer-size", DataSize.ofGigabytes(3),
                "does not fit in an int: at most 2147483647B");
    }

    @Test
    void aNegativeConnectionLimitFailsByTheEnginesRule() {
        failsNaming(echo("gev.max-connections=-1"), "gev.max-connections", -1,
                tcpRefusal(b -> b.maxConnections(-1)));
        failsNaming(echo("gev.max-connections-per-ip=-2"), "gev.max-connections-per-ip", -2,
                tcpRefusal(b -> b.maxConnectionsPerIp(-2)));
    }

    @Test
    void aNamedServersBadTimerWheelFailsNamingItsOwnProperty() {
        failsNaming(runner.withUserConfiguration(GevAutoConfigurationTests.DefaultHandler.class,
                        GevAutoConfigurationTests.AdminHandler.class)
                        .withPropertyValues("gev.servers.admin.port=0", "gev.servers.admin.timer.wheel-size=-1"),
                "gev.servers.admin.timer.wheel-size", -1, tcpRefusal(b -> b.timerWheelSize(-1)));
        failsNaming(echo("gev.timer.tick=0ms"), "gev.timer.tick", "PT0S",
                tcpRefusal(b -> b.timerTick(java.time.Duration.ZERO)));
    }

    @Test
    void aTrustedProxyThatIsNoAddressFailsByTheEnginesRule() {
        failsNaming(echo("gev.proxy-protocol=optional", "gev.trusted-proxies=10.0.0.0/8,proxy.example.com"),
                "gev.trusted-proxies", "[10.0.0.0/8, proxy.example.com]",
                tcpRefusal(b -> b.proxyProtocol(ProxyProtocol.OPTIONAL, "10.0.0.0/8", "proxy.example.com")));
    }

    @Test
    void anAccessListBlockThatIsNoAddressFailsByTheEnginesRule() {
        failsNaming(echo("gev.access.deny=10.0.0.0/8,proxy.example.com"), "gev.access.deny",
                "[10.0.0.0/8, proxy.example.com]", tcpRefusal(b -> b.deny("10.0.0.0/8", "proxy.example.com")));
        failsNaming(echo("gev.access.allow=10.0.0.0/33"), "gev.access.allow", "[10.0.0.0/33]",
                tcpRefusal(b -> b.allow("10.0.0.0/33")));
        failsNaming(runner.withUserConfiguration(GevAutoConfigurationTests.DefaultHandler.class,
                        GevAutoConfigurationTests.AdminHandler.class)
                        .withPropertyValues("gev.servers.admin.port=0", "gev.servers.admin.access.deny=localhost"),
                "gev.servers.admin.access.deny", "[localhost]", tcpRefusal(b -> b.deny("localhost")));
    }

    @Test
    void aNegativeRateMemoryBudgetOrZeroProxyHeaderTimeoutFailsByTheEnginesRule() {
        failsNaming(echo("gev.max-connection-rate-per-ip=-1"), "gev.max-connection-rate-per-ip", -1,
                tcpRefusal(b -> b.maxConnectionRatePerIp(-1)));
        failsNaming(echo("gev.memory.max-buffered=-1B"), "gev.memory.max-buffered", "-1B",
                tcpRefusal(b -> b.maxBufferedBytes(-1)));
        failsNaming(echo("gev.proxy-header-timeout=0s"), "gev.proxy-header-timeout", "PT0S",
                tcpRefusal(b -> b.proxyHeaderTimeout(java.time.Duration.ZERO)));
        echo("gev.memory.max-buffered=0", "gev.max-connection-rate-per-ip=0").run(context -> assertThat(context)
                .hasNotFailed());
        echo("gev.memory.max-buffered=8GB").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void maxBytesBelowTheHighWatermarkFailsNamingTheOutboundGroup() {
        String engine = engineRefusal(() -> GevServer.builder(Refusals.echo())
                .maxOutboundBytes(32 * 1024, OverflowPolicy.CLOSE).build());
        assertThat(engine).isEqualTo("maxOutboundBytes (32768) must be at least the high watermark (65536)");
        failsNaming(echo("gev.outbound.max-bytes=32KB"), "gev.outbound",
                "low-watermark=32768B, high-watermark=65536B, max-bytes=32768B", engine);
        failsNaming(echo("gev.outbound.max-bytes=-1B"), "gev.outbound.max-bytes", "-1B",
                tcpRefusal(b -> b.maxOutboundBytes(-1, OverflowPolicy.CLOSE)));
        echo("gev.outbound.max-bytes=0", "gev.outbound.high-watermark=1MB")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void whatACustomizerGetsWrongIsTheBuildersOwnFailure() {
        String engine = engineRefusal(() -> GevServer.builder(Refusals.echo())
                .maxOutboundBytes(1024, OverflowPolicy.CLOSE).build());
        echo().withBean(GevServerCustomizer.class,
                () -> (name, builder) -> builder.maxOutboundBytes(1024, OverflowPolicy.CLOSE)).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isExactlyInstanceOf(
                            IllegalArgumentException.class).hasMessage(engine);
                });
    }

    @Test
    void framingValuesAreJudgedByTheEnginesProtocols() {
        failsNaming(echo("gev.protocol.type=line", "gev.protocol.max-frame-length=0B"),
                "gev.protocol.max-frame-length", "0B",
                engineRefusal(() -> io.gev.codec.DelimiterProtocol.lines(0, false)));
        failsNaming(echo("gev.protocol.type=delimiter", "gev.protocol.delimiter.value="), "gev.protocol",
                "delimiter.value=, max-frame-length=1048576B",
                engineRefusal(() -> io.gev.codec.DelimiterProtocol.of("", 1 << 20)));
        failsNaming(runner.withUserConfiguration(PluginFramingTests.ShoutHandler.class)
                        .withPropertyValues("gev.protocol.websocket.handshake-timeout=0s"),
                "gev.protocol.websocket.handshake-timeout", "PT0S",
                engineRefusal(() -> WebSocketOptions.builder().handshakeTimeout(java.time.Duration.ZERO)));
        failsNaming(runner.withUserConfiguration(PluginFramingTests.ShoutHandler.class)
                        .withPropertyValues("gev.protocol.websocket.subprotocols=chat,no good"),
                "gev.protocol.websocket.subprotocols", "[chat, no good]",
                engineRefusal(() -> WebSocketOptions.builder().subprotocols("chat", "no good")));
        failsNaming(runner.withUserConfiguration(PluginFramingTests.ShoutHandler.class)
                        .withPropertyValues("gev.protocol.websocket.compression.level=10"),
                "gev.protocol.websocket.compression.level", 10,
                engineRefusal(() -> WebSocketOptions.builder().compressionLevel(10)));
        failsNaming(runner.withUserConfiguration(PluginFramingTests.ShoutHandler.class)
                        .withPropertyValues("gev.protocol.websocket.compression.min-size=-1B"),
                "gev.protocol.websocket.compression.min-size", "-1B",
                engineRefusal(() -> WebSocketOptions.builder().compressionMinSize(-1)));
    }

    @Test
    void settingsOfAFramingNotInUseAreNotLookedAt() {
        echo("gev.protocol.length-field.length=5", "gev.protocol.websocket.max-frame-size=0B")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theMapperMapsEverySettingOntoTheBuilder() {
        GevServerProperties settings = new GevServerProperties();
        settings.setPort(0);
        settings.setHost("127.0.0.1");
        settings.setLoops(2);
        settings.setShutdownTimeout(java.time.Duration.ofSeconds(3));
        GevServer.Builder builder = GevServer.builder(Refusals.echo());
        GevServerPropertiesMapper mapper = new GevServerPropertiesMapper("gev", settings, new GevServerProperties());
        mapper.mapTo(builder);
        GevServer server = mapper.build(builder);
        assertThat(server.loopCount()).isEqualTo(2);
        assertThat(server.shutdownTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(server.isUdp()).isFalse();

        GevServer.UdpBuilder udp = GevServer.udpBuilder(Refusals.echo());
        mapper.mapTo(udp);
        assertThat(mapper.build(udp).loopCount()).isEqualTo(2);
    }
}
