package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.Connection;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import io.gev.spring.GevServerCustomizer;
import io.gev.spring.autoconfigure.GevAutoConfigurationTests.EchoHandler;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Handlers reaching their own server and the others through {@link GevServers}, and the default server's name. */
class GevServersAccessTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.servers.admin.port=0");

    /** Answers any message with every server's open connections, from the {@link GevServers} it was given. */
    @GevHandler("admin")
    static class AdminHandler implements Handler {
        private final GevServers servers;

        AdminHandler(GevServers servers) {
            this.servers = servers;
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return servers.asMap().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().connectionCount())
                    .collect(Collectors.joining(" ", "", "\n"));
        }
    }

    /** Asks for the servers while it is being created, which cannot work: they are built from the handlers. */
    @GevHandler("admin")
    static class EagerAdminHandler implements Handler {
        EagerAdminHandler(GevServers servers) {
            servers.get(GevServers.DEFAULT);
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingCustomizer {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Bean
        GevServerCustomizer recordingCustomizer() {
            return (name, builder) -> names.add(name);
        }
    }

    @Test
    void aHandlerInjectsGevServersWithoutABeanCycleAndReachesEveryServer() {
        runner.withUserConfiguration(EchoHandler.class, AdminHandler.class).run(context -> {
            assertThat(context).hasNotFailed();
            int echoPort = Echo.port(context, GevServers.DEFAULT);
            int adminPort = Echo.port(context, "admin");
            try (Socket first = new Socket("127.0.0.1", echoPort); Socket second = new Socket("127.0.0.1", echoPort)) {
                GevServer echo = context.getBean(GevServers.class).get(GevServers.DEFAULT);
                await().until(() -> echo.connectionCount() == 2);
                assertThat(Echo.roundTrip(adminPort, "?", "default=2 admin=1\n".length()))
                        .isEqualTo("default=2 admin=1\n");
            }
        });
    }

    @Test
    void askingForTheServersFromAHandlerConstructorFailsSayingWhereToAsk() {
        runner.withUserConfiguration(EchoHandler.class, EagerAdminHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("not from its constructor");
        });
    }

    @Test
    void theDefaultServerIsCalledDefaultInGevServersAndByCustomizers() {
        runner.withUserConfiguration(EchoHandler.class, AdminHandler.class, RecordingCustomizer.class)
                .run(context -> {
                    assertThat(context.getBean(GevServers.class).asMap()).containsOnlyKeys("default", "admin");
                    assertThat(context.getBean(RecordingCustomizer.class).names).containsExactly("default", "admin");
                });
    }

    @GevHandler("default")
    static class ExplicitDefaultHandler extends EchoHandler {
    }

    @Test
    void gevHandlerNamedDefaultServesTheDefaultServer() {
        runner.withUserConfiguration(ExplicitDefaultHandler.class).run(context -> {
            assertThat(context.getBean(GevServers.class).asMap()).containsOnlyKeys("default");
            assertThat(Echo.roundTrip(Echo.port(context, GevServers.DEFAULT), "ping")).isEqualTo("ping");
        });
    }

    @Test
    void serversDefaultIsRefusedBecauseTheDefaultServerIsConfiguredAtTheTopLevel() {
        runner.withUserConfiguration(EchoHandler.class).withPropertyValues("gev.servers.default.loops=3")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("gev.servers.default.* is not read: the default server is configured by the "
                                    + "top-level gev.* properties");
                });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
