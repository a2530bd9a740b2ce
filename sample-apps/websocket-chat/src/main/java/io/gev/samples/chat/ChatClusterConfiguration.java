package io.gev.samples.chat;

import io.lettuce.core.ClientOptions;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The room's {@link ChatCluster}: this instance alone by default, or shared over Redis with
 * {@code chat.cluster.enabled=true} (Boot's {@code spring.data.redis.*} say where Redis is).
 */
@Configuration(proxyBeanMethods = false)
class ChatClusterConfiguration {

    private static final long RESUBSCRIBE_INTERVAL_MILLIS = 1000;

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "chat.cluster.enabled", havingValue = false, matchIfMissing = true)
    ChatCluster standaloneChat() {
        return new StandaloneChat();
    }

    /** The beans of {@code chat.cluster.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("chat.cluster.enabled")
    static class Redis {

        @Bean
        @ConditionalOnMissingBean
        RedisChatCluster redisChat(StringRedisTemplate redis, ChatProperties properties) {
            return new RedisChatCluster(redis, properties.cluster());
        }

        /**
         * Delivers the lines of the other instances to this instance's members, on Lettuce's thread (no executor),
         * so in the order they came. Lettuce subscribes again by itself when it reconnects.
         */
        @Bean
        @ConditionalOnMissingBean
        RedisMessageListenerContainer chatLines(RedisConnectionFactory redis, RedisChatCluster cluster,
                ChatRoom room) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.setTaskExecutor(new SyncTaskExecutor());
            container.setRecoveryInterval(RESUBSCRIBE_INTERVAL_MILLIS);
            container.addMessageListener((message, pattern) -> {
                String line = cluster.lineFrom(new String(message.getBody(), StandardCharsets.UTF_8));
                if (line != null) {
                    room.deliver(line);
                }
            }, new ChannelTopic(cluster.channel()));
            return container;
        }

        /**
         * While Lettuce reconnects, its commands fail at once rather than queue up: a line said during an outage is
         * not delivered late to the other instances, and no Redis call holds the chat's Redis thread.
         */
        @Bean
        @ConditionalOnMissingBean
        LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
            return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }
    }
}
