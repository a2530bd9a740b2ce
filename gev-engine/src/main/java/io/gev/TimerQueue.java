package io.gev;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event loop's timers: a {@link TimingWheel}, timers added from any thread (through the loop's task queue), and
 * due timers fired on the loop. A timer may belong to a {@link TimerOwner} (a connection): it is cancelled when the
 * owner closes and runs through it; the queue knows owners by that interface only. A timer without an owner runs on
 * the loop, and one that throws is logged and counted; the loop goes on.
 *
 * <p>Methods say whether they are thread safe or in loop.
 */
final class TimerQueue {

    private static final Logger log = LoggerFactory.getLogger(TimerQueue.class);

    private final EventLoop loop;
    private final TimingWheel wheel;

    TimerQueue(EventLoop loop, TimingWheel wheel) {
        this.loop = loop;
        this.wheel = wheel;
    }

    /**
     * Runs {@code task} once after {@code delay}: through {@code owner} (cancelled when it closes), or on the loop
     * when the owner is null. Thread safe.
     */
    Timer runAfter(Duration delay, Runnable task, TimerOwner owner) {
        return schedule(delay.toNanos(), 0, task, owner);
    }

    /**
     * Runs {@code task} every {@code period}, the first time after one period, until cancelled; with an
     * {@code owner} as {@link #runAfter}. Thread safe.
     *
     * @throws IllegalArgumentException when the period is not positive
     */
    Timer runEvery(Duration period, Runnable task, TimerOwner owner) {
        Check.positive(period, "period");
        return schedule(period.toNanos(), period.toNanos(), task, owner);
    }

    private WheelTimer schedule(long delayNanos, long periodNanos, Runnable task, TimerOwner owner) {
        WheelTimer timer = new WheelTimer(this, task, loop.nanoTime() + Math.max(0, delayNanos), periodNanos, owner);
        loop.runInLoop(() -> add(timer));
        return timer;
    }

    /** Runs {@code task} once on the loop after {@code delayNanos}: gev's own timers, added without a task. In loop. */
    WheelTimer scheduleInLoop(long delayNanos, Runnable task) {
        WheelTimer timer = new WheelTimer(this, task, loop.nanoTime() + Math.max(0, delayNanos), 0, null);
        wheel.add(timer);
        return timer;
    }

    private void add(WheelTimer timer) {
        if (timer.isCancelled()) {
            return;
        }
        if (timer.owner != null) {
            if (!timer.owner.acceptsTimers()) {
                timer.markCancelled();
                return;
            }
            timer.owner.track(timer);
        }
        wheel.add(timer);
    }

    /** Takes a timer being cancelled out of the wheel and out of its owner's list, on the loop. Thread safe. */
    void cancel(WheelTimer timer) {
        loop.runInLoop(() -> {
            wheel.remove(timer);
            if (timer.owner != null) {
                timer.owner.untrack(timer);
            }
        });
    }

    /** Cancels {@code timer} (if any) without touching its owner's list. In loop. */
    void cancelInLoop(WheelTimer timer) {
        if (timer != null) {
            timer.markCancelled();
            wheel.remove(timer);
        }
    }

    /** How long the loop may sleep before a timer is due: -1 for no timer, else milliseconds. In loop. */
    long timeoutMillis(long nowNanos) {
        return wheel.timeoutMillis(nowNanos);
    }

    /** Fires every timer due at {@code nowNanos}. In loop. */
    void advance(long nowNanos) {
        wheel.advance(nowNanos, timer -> fire(timer, nowNanos));
    }

    private void fire(WheelTimer timer, long now) {
        if (timer.isCancelled()) {
            return;
        }
        boolean repeat = timer.periodNanos > 0;
        if (timer.owner != null) {
            if (!repeat) {
                timer.owner.untrack(timer);
            }
            timer.owner.fire(timer.task);
        } else {
            try {
                timer.task.run();
            } catch (Throwable t) {
                loop.counters().increment(LoopCounters.HANDLER_ERRORS);
                log.warn("Timer task failed on {}", loop.thread().getName(), t);
            }
        }
        if (repeat && !timer.isCancelled()) {
            long next = timer.deadlineNanos + timer.periodNanos;
            if (next - now <= 0) {
                next += ((now - next) / timer.periodNanos + 1) * timer.periodNanos;
            }
            timer.deadlineNanos = next;
            wheel.add(timer);
        }
    }
}
