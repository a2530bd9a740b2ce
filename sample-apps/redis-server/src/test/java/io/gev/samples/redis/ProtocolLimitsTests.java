package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code redis.protocol.*} limits are properties: set on the command line (which outranks application.yml) they
 * are what the server enforces, and a value out of range fails startup naming the property.
 */
@Timeout(60)
class ProtocolLimitsTests {

    @Test
    void theServerEnforcesTheConfiguredLimits() throws IOException {
        try (ConfigurableApplicationContext app = start("--redis.protocol.max-bulk-length=16B",
                "--redis.protocol.max-arguments=3", "--redis.protocol.max-inline-length=32B")) {
            int port = app.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
            try (RespConnection connection = new RespConnection(port)) {
                connection.send(RedisTools.multibulk("SET", "k", "0123456789abcdef") + "GET k\r\n");
                connection.expect("+OK\r\n$16\r\n0123456789abcdef\r\n");
            }
            try (RespConnection connection = new RespConnection(port)) {
                connection.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$17\r\n");
                connection.expect("-ERR Protocol error: invalid bulk length\r\n");
                connection.expectEndOfStream();
            }
            try (RespConnection connection = new RespConnection(port)) {
                connection.send("*4\r\n");
                connection.expect("-ERR Protocol error: invalid multibulk length\r\n");
                connection.expectEndOfStream();
            }
            try (RespConnection connection = new RespConnection(port)) {
                connection.send("ECHO " + "x".repeat(28) + "\r\n");
                connection.expect("-ERR Protocol error: too big inline request\r\n");
                connection.expectEndOfStream();
            }
        }
    }

    @Test
    void aLimitOutOfRangeFailsStartupNamingTheProperty() {
        assertThatThrownBy(() -> start("--redis.protocol.max-bulk-length=1GB").close())
                .rootCause()
                .hasMessage("redis.protocol.max-bulk-length must be between 1B and 536870912B, but was 1073741824B");
        assertThatThrownBy(() -> start("--redis.protocol.max-arguments=0").close())
                .rootCause()
                .hasMessage("redis.protocol.max-arguments must be positive, but was 0");
    }

    /** The application with {@code args} on its command line, on a free port of 127.0.0.1. */
    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--gev.port=0";
        all[1] = "--gev.host=127.0.0.1";
        all[2] = "--server.port=0";
        all[3] = "--server.address=127.0.0.1";
        System.arraycopy(args, 0, all, 4, args.length);
        return new SpringApplicationBuilder(RedisServerApplication.class).run(all);
    }
}
