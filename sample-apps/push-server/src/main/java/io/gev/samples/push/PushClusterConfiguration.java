package io.gev.samples.push;

import io.gev.spring.autoconfigure.GevServers;
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
 * The ticker: this instance's own {@link Ticker} by default, or the cluster's {@link LeasedTicker} with
 * {@code push.cluster.enabled=true} (Boot's {@code spring.data.redis.*} say where Redis is).
 */
@Configuration(proxyBeanMethods = false)
class PushClusterConfiguration {

    private static final long RESUBSCRIBE_INTERVAL_MILLIS = 1000;

    @Bean
    @ConditionalOnMissingBean({ Ticker.class, LeasedTicker.class })
    @ConditionalOnBooleanProperty(name = "push.cluster.enabled", havingValue = false, matchIfMissing = true)
    Ticker ticker(GevServers servers, Subscribers subscribers,
            PushProperties properties) {
        return new Ticker(servers, subscribers, properties);
    }

    /** The beans of {@code push.cluster.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("push.cluster.enabled")
    static class Redis {

        @Bean
        @ConditionalOnMissingBean
        LeasedTicker leasedTicker(StringRedisTemplate redis, PushProperties properties) {
            return new LeasedTicker(redis, properties);
        }

        /**
         * Sends the leader's ticks to this instance's clients, on Lettuce's thread, in the order published; what is no
         * new tick (see {@link LeasedTicker#accept}) is dropped.
         */
        @Bean
        @ConditionalOnMissingBean
        RedisMessageListenerContainer ticks(RedisConnectionFactory redis, LeasedTicker ticker,
                Subscribers subscribers) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.setTaskExecutor(new SyncTaskExecutor());
            container.setRecoveryInterval(RESUBSCRIBE_INTERVAL_MILLIS);
            container.addMessageListener((message, pattern) -> {
                String tick = new String(message.getBody(), StandardCharsets.UTF_8);
                if (ticker.accept(tick)) {
                    subscribers.sendToAll(tick);
                }
            }, new ChannelTopic(ticker.channel()));
            return container;
        }

        /** While Lettuce reconnects, commands fail at once rather than queue up and tick late. */
        @Bean
        @ConditionalOnMissingBean
        LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
            return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }
    }
}
