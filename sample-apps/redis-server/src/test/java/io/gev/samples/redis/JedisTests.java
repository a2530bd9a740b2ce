package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Jedis (from Maven Central), unchanged, against the sample: with its default settings (RESP2, {@code CLIENT SETINFO}
 * on connect) and with RESP3 ({@code HELLO 3}); commands and options, client introspection, a pipeline, and a pooled
 * {@link RedisClient} used from 8 threads.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(120)
class JedisTests {

    /** How each test connects: Jedis's defaults, or RESP3. */
    enum Settings {
        DEFAULT(null), RESP3(RedisProtocol.RESP3);

        final RedisProtocol protocol;

        Settings(RedisProtocol protocol) {
            this.protocol = protocol;
        }

        JedisClientConfig config() {
            return DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(10_000).build();
        }
    }

    @Value("${local.gev.port}")
    int port;

    @ParameterizedTest
    @EnumSource(Settings.class)
    void commandsAndIntrospection(Settings settings) {
        String k = "jedis:" + settings + ":";
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), settings.config())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set(k + "a", "1")).isEqualTo("OK");
            assertThat(jedis.get(k + "a")).isEqualTo("1");
            assertThat(jedis.incr(k + "a")).isEqualTo(2);
            assertThat(jedis.set(k + "a", "x", SetParams.setParams().nx())).isNull();
            assertThat(jedis.set(k + "a", "3", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
            assertThat(jedis.ttl(k + "a")).isBetween(99L, 100L);
            assertThat(jedis.expire(k + "a", 50)).isEqualTo(1);
            assertThat(jedis.ttl(k + "a")).isBetween(49L, 50L);
            assertThat(jedis.exists(k + "a", k + "none")).isEqualTo(1);
            assertThat(jedis.del(k + "a", k + "none")).isEqualTo(1);
            assertThat(jedis.get(k + "a")).isNull();
            assertThat(jedis.ttl(k + "a")).isEqualTo(-2);

            assertThat(jedis.clientSetname("jedis-" + settings)).isEqualTo("OK");
            assertThat(jedis.clientGetname()).isEqualTo("jedis-" + settings);
            String resp = settings.protocol == null ? "2" : "3";
            assertThat(jedis.clientInfo()).startsWith("id=" + jedis.clientId() + " ")
                    .contains(" name=jedis-" + settings + " ", " resp=" + resp + " ", " lib-name=jedis ")
                    .containsPattern(" lib-ver=\\d+\\.\\d+\\.\\d+\n$");
            assertThat(jedis.clientList()).contains("id=" + jedis.clientId() + " ");
        }
    }

    @ParameterizedTest
    @EnumSource(Settings.class)
    void aPipelineOfFourHundredCommands(Settings settings) {
        String k = "jedis:pipe:" + settings + ":";
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), settings.config())) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sets.add(pipeline.set(k + i, "v" + i));
            }
            for (int i = 0; i < 200; i++) {
                gets.add(pipeline.get(k + i));
            }
            pipeline.sync();
            for (int i = 0; i < 200; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(gets.get(i).get()).isEqualTo("v" + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Settings.class)
    void aPoolUsedFromEightThreads(Settings settings) throws Exception {
        try (RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", port)
                .clientConfig(settings.config()).build()) {
            ThreadedWorkload.run("jedis:pool:" + settings + ":", (key, value) -> {
                assertThat(client.set(key, value)).isEqualTo("OK");
                return client.get(key);
            });
            assertThat(client.get(ThreadedWorkload.key("jedis:pool:" + settings + ":", 7, 499)))
                    .isEqualTo(ThreadedWorkload.value(7, 499));
        }
    }
}
