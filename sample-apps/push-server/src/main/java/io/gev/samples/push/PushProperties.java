package io.gev.samples.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The push settings, {@code push.*} in application.yml.
 *
 * @param interval how often every connected client is sent the next tick
 * @param cluster  one ticker for several instances over Redis, {@code push.cluster.*}
 */
@ConfigurationProperties("push")
public record PushProperties(@DefaultValue("1s") Duration interval, @DefaultValue Cluster cluster) {

    public PushProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("push.interval must be positive, but was " + interval);
        }
        if (cluster.lease().compareTo(interval) <= 0) {
            throw new IllegalArgumentException("push.cluster.lease must be longer than push.interval (" + interval
                    + "), but was " + cluster.lease());
        }
    }

    /**
     * The cluster settings: with {@code enabled}, the instances that share a Redis ({@code spring.data.redis.*}) share
     * one ticker.
     *
     * @param enabled   whether this instance joins the cluster; off, it ticks on its own
     * @param keyPrefix the prefix of the Redis keys ({@code <prefix>:leader}, {@code <prefix>:sequence}) and channel
     *                  ({@code <prefix>:ticks}); instances with the same prefix share a ticker
     * @param lease     how long the leader's lease lasts unless it renews it (every {@code push.interval}): a leader
     *                  that died is replaced within {@code lease + interval}
     */
    public record Cluster(@DefaultValue("false") boolean enabled, @DefaultValue("gev-push") String keyPrefix,
            @DefaultValue("3s") Duration lease) {
    }
}
