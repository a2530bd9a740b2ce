package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.multibulk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code appendfsync always} in one JVM: replies that wait for the disk keep their order, and {@code QUIT} behind
 * them still delivers them all before it closes, and runs nothing sent after it.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1", "redis.appendonly=yes",
        "redis.appendfsync=always" })
@Timeout(60)
class AppendFsyncAlwaysTests {

    @Value("${local.gev.port}")
    int port;

    @DynamicPropertySource
    static void dir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("gev-redis-always");
        dir.toFile().deleteOnExit();
        registry.add("redis.dir", dir::toString);
    }

    @Test
    void quitAfterWritesThatWaitForTheDiskSendsTheirRepliesThenCloses() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send(multibulk("SET", "always:a", "1") + multibulk("INCR", "always:n")
                    + multibulk("GET", "always:a") + multibulk("QUIT") + multibulk("SET", "always:after-quit", "x"));
            connection.expect("+OK\r\n:1\r\n$1\r\n1\r\n+OK\r\n");
            connection.expectEndOfStream();
        }
        try (RespConnection connection = new RespConnection(port)) {
            connection.send(multibulk("EXISTS", "always:a", "always:after-quit"));
            connection.expect(":1\r\n");
        }
    }
}
