package io.gev.samples.redis;

import io.gev.GevServer;
import io.gev.Timer;
import io.gev.spring.autoconfigure.GevServerLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/**
 * The keyspace's expiry timers, on the default gev server's timing wheels. A timer asked for before the server runs
 * (a key with an expiry the append-only file restores on start) is kept and scheduled as soon as it runs; the key
 * expires on time regardless, since every access checks its deadline. Thread safe.
 */
final class ExpiryTimers implements Keyspace.Scheduler, SmartLifecycle {

    /** A timer kept until the server runs. */
    private static final class Kept implements Timer {
        final long deadline;
        final Runnable task;
        volatile boolean cancelled;
        volatile Timer scheduled;

        Kept(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            Timer timer = scheduled;
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    private final Supplier<GevServer> server;
    /** The timers kept until the server runs; null since then. Guarded by {@code this}. */
    private List<Kept> kept = new ArrayList<>();
    private volatile boolean started;

    ExpiryTimers(Supplier<GevServer> server) {
        this.server = server;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        if (!started) {
            synchronized (this) {
                if (kept != null) {
                    Kept timer = new Kept(System.nanoTime() + delay.toNanos(), task);
                    kept.add(timer);
                    return timer;
                }
            }
        }
        return server.get().runAfter(delay, task);
    }

    /** Schedules the timers kept so far: the server runs now. */
    @Override
    public void start() {
        List<Kept> due;
        synchronized (this) {
            due = kept;
            kept = null;
            started = true;
        }
        GevServer running = server.get();
        for (Kept timer : due) {
            if (!timer.cancelled) {
                timer.scheduled = running.runAfter(Duration.ofNanos(timer.deadline - System.nanoTime()), timer.task);
                if (timer.cancelled) {
                    timer.scheduled.cancel();
                }
            }
        }
    }

    @Override
    public void stop() {
        // the timers end with the server's loops
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Just after the gev server starts. */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE + 1;
    }
}
