package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Lettuce (from Maven Central), unchanged, against the sample: with its default settings (RESP3 by {@code HELLO 3}
 * on connect) and with RESP2; commands and options, client introspection, a pipeline of asynchronous commands flushed
 * at once, and one connection shared by 8 threads (Lettuce's connections are thread safe).
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(120)
class LettuceTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How each test connects: Lettuce's defaults, or RESP2. */
    enum Settings {
        DEFAULT(null), RESP2(ProtocolVersion.RESP2);

        final ProtocolVersion protocol;

        Settings(ProtocolVersion protocol) {
            this.protocol = protocol;
        }
    }

    @Value("${local.gev.port}")
    int port;

    private RedisClient client;

    private StatefulRedisConnection<String, String> connect(Settings settings) {
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(TIMEOUT)
                .build());
        if (settings.protocol != null) {
            client.setOptions(ClientOptions.builder().protocolVersion(settings.protocol).build());
        }
        return client.connect();
    }

    @AfterEach
    void shutDown() {
        if (client != null) {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Settings.class)
    void commandsAndIntrospection(Settings settings) {
        String k = "lettuce:" + settings + ":";
        try (StatefulRedisConnection<String, String> connection = connect(settings)) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.set(k + "a", "1")).isEqualTo("OK");
            assertThat(redis.get(k + "a")).isEqualTo("1");
            assertThat(redis.incr(k + "a")).isEqualTo(2);
            assertThat(redis.set(k + "a", "x", SetArgs.Builder.nx())).isNull();
            assertThat(redis.set(k + "a", "3", SetArgs.Builder.xx().ex(100))).isEqualTo("OK");
            assertThat(redis.ttl(k + "a")).isBetween(99L, 100L);
            assertThat(redis.expire(k + "a", 50)).isTrue();
            assertThat(redis.ttl(k + "a")).isBetween(49L, 50L);
            assertThat(redis.exists(k + "a", k + "none")).isEqualTo(1);
            assertThat(redis.del(k + "a", k + "none")).isEqualTo(1);
            assertThat(redis.get(k + "a")).isNull();
            assertThat(redis.ttl(k + "a")).isEqualTo(-2);

            assertThat(redis.clientSetname("lettuce-" + settings)).isEqualTo("OK");
            assertThat(redis.clientGetname()).isEqualTo("lettuce-" + settings);
            String resp = settings.protocol == ProtocolVersion.RESP2 ? "2" : "3";
            assertThat(redis.clientInfo()).startsWith("id=" + redis.clientId() + " ")
                    .contains(" name=lettuce-" + settings + " ", " resp=" + resp + " ");
            assertThat(redis.clientList()).contains("id=" + redis.clientId() + " ");
        }
    }

    @ParameterizedTest
    @EnumSource(Settings.class)
    void aPipelineOfFourHundredCommandsFlushedAtOnce(Settings settings) {
        String k = "lettuce:pipe:" + settings + ":";
        try (StatefulRedisConnection<String, String> connection = connect(settings)) {
            RedisAsyncCommands<String, String> redis = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<String>> sets = new ArrayList<>();
            List<RedisFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sets.add(redis.set(k + i, "v" + i));
            }
            for (int i = 0; i < 200; i++) {
                gets.add(redis.get(k + i));
            }
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, sets.toArray(new RedisFuture<?>[0]))).isTrue();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, gets.toArray(new RedisFuture<?>[0]))).isTrue();
            for (int i = 0; i < 200; i++) {
                assertThat(sets.get(i).toCompletableFuture().join()).isEqualTo("OK");
                assertThat(gets.get(i).toCompletableFuture().join()).isEqualTo("v" + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Settings.class)
    void oneConnectionSharedByEightThreads(Settings settings) throws Exception {
        try (StatefulRedisConnection<String, String> connection = connect(settings)) {
            RedisCommands<String, String> redis = connection.sync();
            ThreadedWorkload.run("lettuce:threads:" + settings + ":", (key, value) -> {
                assertThat(redis.set(key, value)).isEqualTo("OK");
                return redis.get(key);
            });
            assertThat(redis.get(ThreadedWorkload.key("lettuce:threads:" + settings + ":", 7, 499)))
                    .isEqualTo(ThreadedWorkload.value(7, 499));
        }
    }
}
