package io.gev.samples.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The push settings, {@code push.*} in application.yml.
 *
 * @param interval how often every connected client is sent the next tick
 */
@ConfigurationProperties("push")
public record PushProperties(@DefaultValue("1s") Duration interval) {

    public PushProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("push.interval must be positive, but was " + interval);
        }
    }
}
