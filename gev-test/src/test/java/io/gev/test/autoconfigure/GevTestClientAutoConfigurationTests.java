package io.gev.test.autoconfigure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.GevAutoConfiguration;
import io.gev.spring.autoconfigure.GevServers;
import io.gev.test.GevTestClient;
import io.gev.websocket.MessageType;
import io.gev.websocket.WebSocketConnection;
import io.gev.websocket.WebSocketHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The client beans {@link GevTestClientAutoConfiguration} adds, its conditions, and the clients against servers. */
class GevTestClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class,
                    GevTestClientAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.protocol.type=line",
                    "gev.servers.admin.port=0", "gev.servers.admin.protocol.type=length-field",
                    "gev.servers.chat.port=0", "gev.servers.chat.protocol.type=websocket");

    /** Answers each message upper-cased. */
    @GevHandler
    static class Upper implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return new String(data, UTF_8).toUpperCase();
        }
    }

    /** Answers each message with its length. */
    @GevHandler("admin")
    static class Length implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return "length " + data.length;
        }
    }

    /** A WebSocket server echoing text reversed. */
    @GevHandler("chat")
    static class Reverse implements WebSocketHandler {
        @Override
        public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
            return new StringBuilder(new String(data, UTF_8)).reverse().toString();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        static final GevTestClient OWN = GevTestClient.builder(1).build();

        @Bean
        GevTestClient gevTestClient() {
            return OWN;
        }
    }

    @Test
    void eachServerGetsAClientThatSpeaksItsFramingTheDefaultOnePrimary() {
        runner.withUserConfiguration(Upper.class, Length.class, Reverse.class).run(context -> {
            assertThat(context).hasSingleBean(GevTestClientRegistrar.class);
            assertThat(context.getBeansOfType(GevTestClient.class)).containsOnlyKeys("gevTestClient",
                    "gevTestClient.admin", "gevTestClient.chat");
            GevTestClient client = context.getBean(GevTestClient.class);
            assertThat(client).isSameAs(context.getBean("gevTestClient"));
            assertThat(client.send("line").receiveString()).isEqualTo("LINE");
            GevTestClient admin = context.getBean("gevTestClient.admin", GevTestClient.class);
            assertThat(admin.send("12345").receiveString()).isEqualTo("length 5");
            GevTestClient chat = context.getBean("gevTestClient.chat", GevTestClient.class);
            assertThat(chat.send("abc").receiveString()).isEqualTo("cba");
            assertThat(context.getBean(GevServers.class).get("admin").connectionCount()).isEqualTo(1);
        });
    }

    @Test
    void aClientBeanOfTheSameNameIsLeftAsItIs() {
        runner.withUserConfiguration(Upper.class, OwnClient.class).run(context -> {
            assertThat(context.getBean("gevTestClient")).isSameAs(OwnClient.OWN);
        });
    }

    @Test
    void withoutTheStartersAutoConfigurationOnTheClassPathThereIsNoRegistrar() {
        runner.withClassLoader(new FilteredClassLoader(GevServers.class)).withUserConfiguration(Upper.class)
                .run(context -> assertThat(context).doesNotHaveBean(GevTestClientRegistrar.class)
                        .doesNotHaveBean(GevTestClient.class));
    }

    @Test
    void withoutHandlersThereAreNoClients() {
        runner.run(context -> assertThat(context).hasSingleBean(GevTestClientRegistrar.class)
                .doesNotHaveBean(GevTestClient.class));
    }
}
