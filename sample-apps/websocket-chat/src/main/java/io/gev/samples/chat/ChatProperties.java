package io.gev.samples.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chat's own settings, {@code chat.*} in application.yml.
 *
 * @param pingInterval how often every member is pinged; keep it well below {@code gev.idle-timeout}, so that the
 *                     pings and their pongs keep a quiet member's connection from counting as idle
 */
@ConfigurationProperties("chat")
public record ChatProperties(@DefaultValue("30s") Duration pingInterval) {

    public ChatProperties {
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("chat.ping-interval must be positive, but was " + pingInterval);
        }
    }
}
