package io.gev.test.autoconfigure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import io.gev.test.GevTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/** {@link AutoConfigureGevTestClient} in a real {@code @SpringBootTest}: the clients are injected, by type and name. */
@SpringBootTest(properties = {"gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.protocol.type=line",
    "gev.servers.admin.port=0", "gev.servers.admin.protocol.type=delimiter",
    "gev.servers.admin.protocol.delimiter.value=;"})
@AutoConfigureGevTestClient
class GevTestClientSpringBootTests {

    @SpringBootApplication
    static class App {
        @Bean
        @GevHandler
        Handler echo() {
            return (connection, context, data) -> new String(data, UTF_8);
        }

        @Bean
        @GevHandler("admin")
        Handler admin() {
            return (Connection connection, Object context, byte[] data) -> "port " + connection.localAddress();
        }
    }

    @Autowired
    GevTestClient client;

    @Autowired
    @Qualifier("admin")
    GevTestClient admin;

    @Value("${local.gev.admin.port}")
    int adminPort;

    @Test
    void theDefaultServersClientIsInjectedAndEchoes() {
        assertThat(client.send("hello").receiveString()).isEqualTo("hello");
        assertThat(client.send("again").receiveString()).isEqualTo("again"); // one connection, kept
    }

    @Test
    void aNamedServersClientIsInjectedByQualifierAndSpeaksItsFraming() {
        assertThat(admin.send("x").receiveString()).endsWith(":" + adminPort);
    }
}
