package io.gev.samples.redis;

import java.time.Duration;

/**
 * The time as of its last tick, at most {@link #TICK} old: what a command may read for nothing, where a precise clock
 * would cost a system call per command (the age and idle time of {@code CLIENT LIST}, which Redis also takes from a
 * clock it caches). Thread safe.
 */
public final class RecentClock {

    static final Duration TICK = Duration.ofMillis(100);

    private final Keyspace.Scheduler scheduler;
    private volatile long millis = System.currentTimeMillis();

    /** A clock that ticks on {@code scheduler}'s timers from now on. */
    RecentClock(Keyspace.Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.schedule(TICK, this::tick);
    }

    /** Unix time in milliseconds, as of the last tick; any thread. */
    public long millis() {
        return millis;
    }

    private void tick() {
        millis = System.currentTimeMillis();
        scheduler.schedule(TICK, this::tick);
    }
}
