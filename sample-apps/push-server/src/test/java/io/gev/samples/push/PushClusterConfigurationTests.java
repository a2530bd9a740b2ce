package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.RedisProcess;
import io.gev.spring.autoconfigure.GevAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Which ticker an instance gets, for each setting of {@code push.cluster.enabled}. */
class PushClusterConfigurationTests {

    private static RedisProcess redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, DataRedisAutoConfiguration.class))
            .withUserConfiguration(Properties.class, PushClusterConfiguration.class, Subscribers.class,
                    PushHandler.class)
            .withPropertyValues("gev.host=127.0.0.1", "gev.port=0", "gev.protocol.type=line",
                    "spring.data.redis.host=127.0.0.1");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void byDefaultEachInstanceTicksOnItsOwn() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Ticker.class).doesNotHaveBean(LeasedTicker.class)
                    .doesNotHaveBean(RedisMessageListenerContainer.class)
                    .doesNotHaveBean(LettuceClientOptionsBuilderCustomizer.class);
        });
    }

    @Test
    void enabledTheLeaseHolderTicksForTheCluster() {
        runner.withPropertyValues("push.cluster.enabled=true", "spring.data.redis.port=" + redis.port())
                .run(context -> {
                    assertThat(context).hasSingleBean(LeasedTicker.class).doesNotHaveBean(Ticker.class)
                            .hasSingleBean(RedisMessageListenerContainer.class)
                            .hasSingleBean(LettuceClientOptionsBuilderCustomizer.class);
                });
    }

    @EnableConfigurationProperties(PushProperties.class)
    static class Properties {
    }
}
