package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.multibulk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * INFO's own sections and format, and the two ways other code extends the server commands, as the persistence does:
 * an {@link InfoSection} bean replacing a section, and a parameter registered in {@link ServerConfig} that CONFIG GET
 * reads and CONFIG SET changes (all parameters of one CONFIG SET, or none).
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(60)
class ServerCommandsTests {

    @Value("${local.gev.port}")
    int port;

    /** What the persistence code does, in miniature: a section that replaces one, a new one, a parameter. */
    @TestConfiguration
    static class Extensions {
        static volatile String mode = "no";

        @Bean
        InfoSection replicationSection() {
            return section("Replication", "role", "master");
        }

        @Bean
        InfoSection extraSection() {
            return section("Extras", "extra_field", "1");
        }

        @Bean
        Object modeParameter(ServerConfig config) {
            config.register("test-mode", () -> mode, value -> {
                if (!value.equals("yes") && !value.equals("no")) {
                    throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                }
                mode = value;
            });
            return config;
        }

        private static InfoSection section(String name, String field, String value) {
            return new InfoSection() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Map<String, String> fields() {
                    return Map.of(field, value);
                }
            };
        }
    }

    @Test
    void infoHasRedisSectionsAndFormat() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            String all = send(connection, "INFO").text();
            assertThat(all).startsWith("# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\n")
                    .contains("\r\n\r\n# Clients\r\nconnected_clients:", "\r\n\r\n# Memory\r\nused_memory:")
                    .contains("\r\n\r\n# Stats\r\ntotal_connections_received:")
                    .containsSubsequence("# Server\r\n", "\r\n\r\n# Clients\r\n", "\r\n\r\n# Memory\r\n",
                            "\r\n\r\n# Persistence\r\n", "\r\n\r\n# Stats\r\n", "\r\n\r\n# Replication\r\n",
                            "\r\n\r\n# Extras\r\nextra_field:1\r\n\r\n# Keyspace\r\n")
                    .contains("tcp_port:" + port + "\r\n").endsWith("\r\n").doesNotEndWith("\r\n\r\n");
            assertThat(send(connection, "INFO", "replication").text()).as("replaced by a bean")
                    .isEqualTo("# Replication\r\nrole:master\r\n");
            assertThat(send(connection, "INFO", "STATS", "clients").text())
                    .startsWith("# Clients\r\n").contains("\r\n\r\n# Stats\r\n").doesNotContain("# Server");
            send(connection, "FLUSHALL");
            send(connection, "MSET", "a", "1", "b", "2");
            send(connection, "EXPIRE", "a", "100");
            assertThat(send(connection, "INFO", "keyspace").text())
                    .isEqualTo("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n");
            assertThat(send(connection, "INFO", "nosuchsection").raw()).isEqualTo("$0\r\n\r\n");
            assertThat(send(connection, "CONFIG", "RESETSTAT").raw()).isEqualTo("+OK\r\n");
            assertThat(send(connection, "INFO", "stats").text()).as("counted again from CONFIG RESETSTAT")
                    .contains("\r\ntotal_connections_received:0\r\n", "\r\ntotal_commands_processed:1\r\n");
            send(connection, "HELLO", "3");
            assertThat(send(connection, "INFO", "replication").raw()).as("a verbatim string in RESP3")
                    .isEqualTo("=32\r\ntxt:# Replication\r\nrole:master\r\n\r\n");
        }
    }

    @Test
    void configSetChangesRegisteredParametersAllOrNone() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            assertThat(send(connection, "CONFIG", "SET", "test-mode", "yes").raw()).isEqualTo("+OK\r\n");
            assertThat(send(connection, "CONFIG", "GET", "test-mode").raw()).isEqualTo(multibulk("test-mode", "yes"));
            assertThat(send(connection, "CONFIG", "SET", "TEST-MODE", "maybe").raw()).isEqualTo("-ERR CONFIG SET "
                    + "failed (possibly related to argument 'TEST-MODE') - argument must be 'yes' or 'no'\r\n");
            assertThat(send(connection, "CONFIG", "SET", "test-mode", "no", "save", "1 2 3").raw()).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n");
            assertThat(Extensions.mode).as("put back when a later parameter was refused").isEqualTo("yes");
            assertThat(send(connection, "CONFIG", "SET", "port", "1").raw()).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config\r\n");
            assertThat(send(connection, "CONFIG", "GET", "test-*", "tes?-mode").raw())
                    .isEqualTo(multibulk("test-mode", "yes"));
        }
    }

    private static RespValue send(RespConnection connection, String... words) throws IOException {
        connection.send(multibulk(words));
        return connection.reply();
    }
}
