package io.gev.samples.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chat's own settings, {@code chat.*} in application.yml.
 *
 * @param pingInterval how often every member is pinged; keep it well below {@code gev.idle-timeout}, so that the
 *                     pings and their pongs keep a quiet member's connection from counting as idle
 * @param cluster      the room shared by several instances over Redis, {@code chat.cluster.*}
 */
@ConfigurationProperties("chat")
public record ChatProperties(@DefaultValue("30s") Duration pingInterval, @DefaultValue Cluster cluster) {

    public ChatProperties {
        requirePositive("chat.ping-interval", pingInterval);
    }

    /**
     * The cluster settings: with {@code enabled}, instances that share a Redis ({@code spring.data.redis.*}) share
     * one room.
     *
     * @param enabled   whether this instance joins the cluster; off, the room is this instance's members only
     * @param keyPrefix the prefix of the Redis channel ({@code <prefix>:lines}) and sorted set of members
     *                  ({@code <prefix>:members}); instances with the same prefix share a room
     * @param heartbeat how often each instance refreshes its members' entries in the sorted set
     * @param memberTtl how long an entry lives without a heartbeat: the members of an instance that died vanish from
     *                  {@code /who} within this time; keep it a few heartbeats long
     */
    public record Cluster(@DefaultValue("false") boolean enabled, @DefaultValue("gev-chat") String keyPrefix,
            @DefaultValue("5s") Duration heartbeat, @DefaultValue("15s") Duration memberTtl) {

        public Cluster {
            requirePositive("chat.cluster.heartbeat", heartbeat);
            if (memberTtl.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("chat.cluster.member-ttl must be longer than chat.cluster.heartbeat"
                        + " (" + heartbeat + "), but was " + memberTtl);
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
