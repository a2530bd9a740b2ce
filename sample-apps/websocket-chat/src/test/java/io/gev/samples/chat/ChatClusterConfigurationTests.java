package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Which {@link ChatCluster} the room gets, for each setting of {@code chat.cluster.enabled}. */
class ChatClusterConfigurationTests {

    private static RedisProcess redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withUserConfiguration(Properties.class, ChatClusterConfiguration.class, ChatRoom.class)
            .withPropertyValues("spring.data.redis.host=127.0.0.1");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void byDefaultTheRoomIsThisInstanceAlone() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(StandaloneChat.class).doesNotHaveBean(RedisChatCluster.class)
                    .doesNotHaveBean(RedisMessageListenerContainer.class)
                    .doesNotHaveBean(LettuceClientOptionsBuilderCustomizer.class);
        });
    }

    @Test
    void enabledTheRoomIsSharedOverRedis() {
        runner.withPropertyValues("chat.cluster.enabled=true", "spring.data.redis.port=" + redis.port())
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisChatCluster.class).doesNotHaveBean(StandaloneChat.class)
                            .hasSingleBean(RedisMessageListenerContainer.class)
                            .hasSingleBean(LettuceClientOptionsBuilderCustomizer.class);
                    assertThat(context.getBean(ChatCluster.class)).isSameAs(context.getBean(RedisChatCluster.class));
                });
    }

    @Test
    void aClusterOfTheApplicationsOwnReplacesTheStandaloneOne() {
        ChatCluster own = new StandaloneChat();
        runner.withBean("ownCluster", ChatCluster.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(StandaloneChat.class.getSimpleName());
            assertThat(context.getBean(ChatCluster.class)).isSameAs(own);
        });
    }

    @EnableConfigurationProperties(ChatProperties.class)
    static class Properties {
    }
}
