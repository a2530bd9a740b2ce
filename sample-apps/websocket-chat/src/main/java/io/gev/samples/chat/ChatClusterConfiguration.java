package io.gev.samples.chat;

import io.gev.spring.autoconfigure.GevProtocolProperties;
import io.lettuce.core.ClientOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
    private static final int MAX_UTF8_BYTES_PER_CHAR = 3; // a Java char (a surrogate pair is two of them)

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
        RedisChatCluster redisChat(StringRedisTemplate redis, ChatProperties properties, Environment environment) {
            long maxMessage = Binder.get(environment).bind("gev.protocol", GevProtocolProperties.class)
                    .orElseGet(GevProtocolProperties::new).getMaxFrameLength().toBytes();
            int maxName = ChatRoom.MAX_NAME_LENGTH * MAX_UTF8_BYTES_PER_CHAR;
            return new RedisChatCluster(redis, properties.cluster(),
                    (int) Math.min(Integer.MAX_VALUE / 2, maxMessage + maxName + ": ".length()));
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
                String line = cluster.lineFrom(message.getBody());
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
