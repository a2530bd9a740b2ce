package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.OverflowPolicy;
import io.gev.Protocol;
import io.gev.ProxyProtocol;
import io.gev.codec.LengthFieldProtocol;
import io.gev.buffer.RingBuffer;
import io.gev.spring.GevHandler;
import io.gev.spring.GevProtocol;
import io.gev.spring.GevServerCustomizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

class GevAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    @GevHandler
    static class EchoHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }

    /** Replies with the server's name and the message, so a test can tell servers apart. */
    static class NamingHandler implements Handler {
        private final String name;

        NamingHandler(String name) {
            this.name = name;
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return name + ":" + new String(data, StandardCharsets.UTF_8);
        }
    }

    @GevHandler("admin")
    static class AdminHandler extends NamingHandler {
        AdminHandler() {
            super("admin");
        }
    }

    @GevHandler
    static class DefaultHandler extends NamingHandler {
        DefaultHandler() {
            super("default");
        }
    }

    @GevHandler
    static class SecondDefaultHandler extends NamingHandler {
        SecondDefaultHandler() {
            super("second");
        }
    }

    /** Frames are lines; replies are upper-cased lines. */
    @GevProtocol
    static class UpperLineProtocol implements Protocol {
        @Override
        public Frame unpack(Connection connection, RingBuffer in) {
            int eol = in.indexOf((byte) '\n', 0);
            if (eol < 0) {
                return null;
            }
            byte[] line = in.readBytes(eol);
            in.retrieve(1);
            return Frame.of(line);
        }

        @Override
        public byte[] pack(Connection connection, Object message) {
            String text = message instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : message.toString();
            return (text.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    @GevProtocol("nobody")
    static class OrphanProtocol extends UpperLineProtocol {
    }

    @GevHandler
    static class NotAHandler {
    }

    @Test
    void noHandlerMeansNoServer() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(GevServers.class);
            assertThat(context).doesNotHaveBean(GevServerLifecycle.class);
        });
    }

    @Test
    void aHandlerBeanBringsUpTheDefaultServerOnARealPort() {
        runner.withUserConfiguration(EchoHandler.class).run(context -> {
            assertThat(context).hasSingleBean(GevServers.class).hasSingleBean(GevServerLifecycle.class)
                    .hasSingleBean(GevHandlerRegistry.class).hasSingleBean(GevServerFactory.class);
            GevServer server = context.getBean(GevServers.class).get("default");
            assertThat(server.isRunning()).isTrue();
            int port = Echo.port(context, "");
            assertThat(port).isEqualTo(server.port()).isPositive();
            assertThat(Echo.roundTrip(port, "hello gev")).isEqualTo("hello gev");
        });
    }

    @Test
    void propertiesReachTheServer() {
        runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.loops=3", "gev.shutdown-timeout=7s", "gev.idle-timeout=5m",
                        "gev.load-balance=least-connections", "gev.timer.tick=5ms", "gev.timer.wheel-size=64",
                        "gev.outbound.low-watermark=8KB", "gev.outbound.high-watermark=16KB",
                        "gev.outbound.max-bytes=2MB", "gev.outbound.on-overflow=pause-read",
                        "gev.partial-frame-timeout=3s", "gev.stall-threshold=500ms",
                        "gev.receive-buffer-size=64KB", "gev.send-buffer-size=64KB", "gev.backlog=10",
                        "gev.access.allow=127.0.0.0/8,::1", "gev.access.deny=10.0.0.0/8",
                        "gev.max-connection-rate-per-ip=100", "gev.proxy-header-timeout=2s",
                        "gev.memory.max-buffered=16MB")
                .run(context -> {
                    GevServer server = context.getBean(GevServers.class).get("default");
                    assertThat(server.loopCount()).isEqualTo(3);
                    assertThat(server.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(server.loopInfo()).hasSize(3);
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "configured")).isEqualTo("configured");
                    GevProperties properties = context.getBean(GevProperties.class);
                    assertThat(properties.getLoadBalance()).isEqualTo(LoadBalance.LEAST_CONNECTIONS);
                    assertThat(properties.getOutbound().getMaxBytes()).isEqualTo(DataSize.ofMegabytes(2));
                    assertThat(properties.getOutbound().getOnOverflow()).isEqualTo(OverflowPolicy.PAUSE_READ);
                    assertThat(properties.getPartialFrameTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.getStallThreshold()).isEqualTo(Duration.ofMillis(500));
                    assertThat(properties.getTimer().getWheelSize()).isEqualTo(64);
                    assertThat(properties.getAccess().getAllow()).containsExactly("127.0.0.0/8", "::1");
                    assertThat(properties.getAccess().getDeny()).containsExactly("10.0.0.0/8");
                    assertThat(properties.getMaxConnectionRatePerIp()).isEqualTo(100);
                    assertThat(properties.getProxyHeaderTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.getMemory().getMaxBuffered()).isEqualTo(DataSize.ofMegabytes(16));
                });
    }

    @Test
    void withoutTheEngineOnTheClassPathNothingIsConfigured() {
        runner.withUserConfiguration(EchoHandler.class).withClassLoader(new FilteredClassLoader(GevServer.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(GevProperties.class).doesNotHaveBean(GevServers.class);
                });
    }

    @Test
    void enabledFalseTurnsEverythingOff() {
        runner.withUserConfiguration(EchoHandler.class).withPropertyValues("gev.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(GevServers.class);
            assertThat(context).doesNotHaveBean(GevServerLifecycle.class);
            assertThat(context).doesNotHaveBean(GevProperties.class);
        });
    }

    @Test
    void userBeansReplaceEachAutoConfiguredOne() {
        GevServers mine = new GevServers(java.util.Map.of());
        GevHandlerRegistry registry = new GevHandlerRegistry(null) {
            @Override
            public List<GevServerDefinition> servers() {
                return List.of(new GevServerDefinition("default", (Handler) (c, x, d) -> "custom", "custom", null));
            }
        };
        runner.withUserConfiguration(EchoHandler.class)
                .withBean("myServers", GevServers.class, () -> mine)
                .run(context -> {
                    assertThat(context).hasSingleBean(GevServers.class).hasBean("myServers");
                    assertThat(context.getBean(GevServers.class)).isSameAs(mine);
                });
        runner.withUserConfiguration(EchoHandler.class)
                .withBean("myRegistry", GevHandlerRegistry.class, () -> registry)
                .run(context -> {
                    assertThat(context).hasSingleBean(GevHandlerRegistry.class).hasBean("myRegistry");
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "anything!", 6)).isEqualTo("custom");
                });
        runner.withUserConfiguration(EchoHandler.class)
                .withBean("myFactory", GevServerFactory.class, () -> new GevServerFactory(List.of(
                        (name, builder) -> builder.loops(2))))
                .run(context -> {
                    assertThat(context).hasSingleBean(GevServerFactory.class).hasBean("myFactory");
                    assertThat(context.getBean(GevServers.class).get("default").loopCount()).isEqualTo(2);
                });
        runner.withUserConfiguration(EchoHandler.class)
                .withBean("myLifecycle", GevServerLifecycle.class,
                        () -> new GevServerLifecycle(mine, new org.springframework.core.env.StandardEnvironment(), e -> { }))
                .run(context -> {
                    assertThat(context).hasSingleBean(GevServerLifecycle.class).hasBean("myLifecycle");
                    assertThat(context.getBean(GevServers.class).get("default").isRunning()).isFalse();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {
        static final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        GevServerCustomizer second() {
            return (name, builder) -> {
                calls.add("second:" + name);
                builder.loops(4);
            };
        }

        @Bean
        @Order(1)
        GevServerCustomizer first() {
            return (name, builder) -> {
                calls.add("first:" + name);
                builder.loops(2);
            };
        }
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        OrderedCustomizers.calls.clear();
        runner.withUserConfiguration(EchoHandler.class, OrderedCustomizers.class).withPropertyValues("gev.loops=1")
                .run(context -> {
                    assertThat(OrderedCustomizers.calls).containsExactly("first:default", "second:default");
                    assertThat(context.getBean(GevServers.class).get("default").loopCount()).isEqualTo(4);
                });
    }

    @Test
    void namedServersInheritTopLevelSettingsAndOverrideTheirOwn() {
        runner.withUserConfiguration(DefaultHandler.class, AdminHandler.class)
                .withPropertyValues("gev.loops=2", "gev.shutdown-timeout=9s", "gev.servers.admin.loops=1",
                        "gev.servers.admin.port=0")
                .run(context -> {
                    GevServers servers = context.getBean(GevServers.class);
                    assertThat(servers.asMap()).containsOnlyKeys("default", "admin");
                    assertThat(servers.get("default").loopCount()).isEqualTo(2);
                    assertThat(servers.get("admin").loopCount()).isEqualTo(1);
                    assertThat(servers.get("admin").shutdownTimeout()).isEqualTo(Duration.ofSeconds(9));
                    int defaultPort = Echo.port(context, "");
                    int adminPort = Echo.port(context, "admin");
                    assertThat(adminPort).isNotEqualTo(defaultPort);
                    assertThat(Echo.roundTrip(defaultPort, "hi", 10)).isEqualTo("default:hi");
                    assertThat(Echo.roundTrip(adminPort, "hi", 8)).isEqualTo("admin:hi");
                });
    }

    @Test
    void twoHandlersForOneServerFailWithAMessageThatSaysWhatToDo() {
        runner.withUserConfiguration(DefaultHandler.class, SecondDefaultHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("Two @GevHandler beans claim the default gev server")
                    .hasMessageContaining("@GevHandler(\"admin\")")
                    .hasMessageContaining("gev.servers.admin.*");
        });
    }

    @Test
    void aProtocolBeanFramesItsServer() {
        runner.withUserConfiguration(EchoHandler.class, UpperLineProtocol.class).run(context -> {
            int port = Echo.port(context, "");
            assertThat(Echo.roundTrip(port, "one\ntwo\nthr", 8)).isEqualTo("ONE\nTWO\n");
        });
    }

    @Test
    void framingsAreChosenInProperties() {
        runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.protocol.type=line", "gev.protocol.line.crlf=true").run(context -> {
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "a\nbb\r\nc", 7)).isEqualTo("a\r\nbb\r\n");
                });
        runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.protocol.type=delimiter", "gev.protocol.delimiter.value=;;").run(context -> {
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "x;y;;z", 5)).isEqualTo("x;y;;");
                });
        runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.protocol.type=length-field", "gev.protocol.length-field.length=2",
                        "gev.protocol.length-field.byte-order=little-endian").run(context -> {
                    String framed = "\u0003\u0000abc";
                    assertThat(Echo.roundTrip(Echo.port(context, ""), framed, 5)).isEqualTo(framed);
                });
    }

    @Test
    void eachServerHasItsOwnFramingAndAProtocolBeanWins() {
        runner.withUserConfiguration(DefaultHandler.class, AdminHandler.class, UpperLineProtocol.class)
                .withPropertyValues("gev.protocol.type=length-field", "gev.servers.admin.protocol.type=line")
                .run(context -> {
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "hey\n", 12)).isEqualTo("DEFAULT:HEY\n");
                    assertThat(Echo.roundTrip(Echo.port(context, "admin"), "hey\n", 10)).isEqualTo("admin:hey\n");
                });
    }

    @Test
    void anOversizedFrameClosesItsConnectionAndIsCounted() {
        runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("gev.protocol.type=line", "gev.protocol.max-frame-length=8B").run(context -> {
                    int port = Echo.port(context, "");
                    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                        s.setSoTimeout(5000);
                        s.getOutputStream().write("far too long a line\n".getBytes(StandardCharsets.UTF_8));
                        assertThat(s.getInputStream().read()).isEqualTo(-1);
                    }
                    assertThat(context.getBean(GevServers.class).get("default").stats().protocolErrors()).isEqualTo(1);
                    assertThat(Echo.roundTrip(port, "fine\n")).isEqualTo("fine\n");
                });
        Refusals.failsNaming(runner.withUserConfiguration(EchoHandler.class).withPropertyValues(
                "gev.protocol.type=length-field", "gev.protocol.length-field.length=5"), "gev.protocol",
                "length-field.offset=0, length-field.length=5, length-field.strip=null, max-frame-length=1048576B",
                Refusals.engineRefusal(() -> LengthFieldProtocol.builder().width(5).build()));
    }

    @Test
    void aProtocolWithoutAHandlerFails() {
        runner.withUserConfiguration(EchoHandler.class, OrphanProtocol.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("frames gev server 'nobody', but no @GevHandler bean serves it");
        });
    }

    @Test
    void anAnnotatedBeanOfTheWrongTypeFails() {
        runner.withUserConfiguration(NotAHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("is annotated @GevHandler but does not implement io.gev.Handler");
        });
    }

    /** Replies with the address the connection reports for its peer. */
    @GevHandler
    static class PeerHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return connection.peerAddress().toString();
        }
    }

    @Test
    void aRequiredProxyProtocolHeaderGivesTheHandlerTheOriginalClient() {
        runner.withUserConfiguration(PeerHandler.class)
                .withPropertyValues("gev.proxy-protocol=required", "gev.trusted-proxies=127.0.0.0/8,10.0.0.0/8")
                .run(context -> {
                    int port = Echo.port(context, "");
                    String header = "PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\n";
                    assertThat(Echo.roundTrip(port, header + "?", "/203.0.113.7:51234".length()))
                            .isEqualTo("/203.0.113.7:51234");
                    assertThat(context.getBean(GevServers.class).get("default").stats().protocolErrors()).isZero();
                });
        Refusals.failsNaming(runner.withUserConfiguration(EchoHandler.class)
                        .withPropertyValues("gev.trusted-proxies=127.0.0.1,10.0.0.0/64"), "gev.trusted-proxies",
                "[127.0.0.1, 10.0.0.0/64]",
                Refusals.tcpRefusal(b -> b.proxyProtocol(ProxyProtocol.OFF, "127.0.0.1", "10.0.0.0/64")));
    }

    @Test
    void badValuesFailNamingThePropertyWithTheEnginesReason() {
        Refusals.failsNaming(runner.withUserConfiguration(EchoHandler.class).withPropertyValues("gev.port=70000"),
                "gev.port", 70000, "port must be between 0 and 65535: 70000");
        Refusals.failsNaming(runner.withUserConfiguration(DefaultHandler.class, AdminHandler.class)
                        .withPropertyValues("gev.servers.admin.timer.wheel-size=0"),
                "gev.servers.admin.timer.wheel-size", 0, "timerWheelSize must be positive: 0");
        Refusals.failsNaming(runner.withUserConfiguration(EchoHandler.class)
                        .withPropertyValues("gev.outbound.low-watermark=128KB"), "gev.outbound",
                "low-watermark=131072B, high-watermark=65536B, max-bytes=67108864B",
                "writeBufferWatermark needs 0 <= low <= high, got low=131072 high=65536");
        Refusals.failsNaming(runner.withUserConfiguration(EchoHandler.class)
                        .withPropertyValues("gev.partial-frame-timeout=-1s"), "gev.partial-frame-timeout", "PT-1S",
                "partialFrameTimeout must not be negative: PT-1S");
        runner.withUserConfiguration(EchoHandler.class).withPropertyValues("gev.load-balance=random").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Failed to bind properties under 'gev.load-balance'");
        });
    }

    @Test
    void aTakenPortFailsStartupNamingTheAddress() {
        runner.withUserConfiguration(EchoHandler.class).run(first -> {
            int taken = Echo.port(first, "");
            runner.withUserConfiguration(EchoHandler.class).withPropertyValues("gev.port=" + taken).run(second -> {
                assertThat(second).hasFailed();
                assertThat(second.getStartupFailure()).hasStackTraceContaining("127.0.0.1:" + taken);
            });
        });
    }

    @Test
    void theServerStopsWithTheContext() {
        runner.withUserConfiguration(EchoHandler.class).run(context -> {
            GevServer server = context.getBean(GevServers.class).get("default");
            context.close();
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            assertThat(server.loopInfo()).noneMatch(io.gev.LoopInfo::alive);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class LambdaHandlers {
        @Bean
        @GevHandler
        Handler plain() {
            return (connection, context, data) -> "plain";
        }

        @Bean
        @GevHandler("admin")
        Handler admin() {
            return (connection, context, data) -> "admin";
        }
    }

    @Test
    void annotatedBeanMethodsServeToo() {
        runner.withUserConfiguration(LambdaHandlers.class).run(context -> {
            assertThat(context.getBean(GevServers.class).asMap()).containsOnlyKeys("default", "admin");
            assertThat(Echo.roundTrip(Echo.port(context, ""), "x", 5)).isEqualTo("plain");
            assertThat(Echo.roundTrip(Echo.port(context, "admin"), "x", 5)).isEqualTo("admin");
        });
    }

    @Test
    void handlerBeanNamesAreNotTakenFromTheServerName() {
        runner.withUserConfiguration(DefaultHandler.class, AdminHandler.class).run(context -> {
            assertThat(context).doesNotHaveBean("admin");
            assertThat(context.getBean(GevHandlerRegistry.class).servers())
                    .extracting(GevServerDefinition::name).containsExactly("default", "admin");
        });
    }
}
