package io.gev;

/**
 * A task in a {@link TimingWheel} slot: a node of the slot's doubly linked list. The wheel's fields are touched on the
 * loop thread only; {@link #cancel()} may come from any thread.
 */
final class WheelTimer implements Timer {

    final TimerQueue queue;
    final Runnable task;
    /** 0 for a one-shot timer. */
    final long periodNanos;
    /** What the timer belongs to (it is cancelled when that closes, and runs through it), or null: the loop's own. */
    final TimerOwner owner;

    long deadlineNanos;
    long deadlineTick;
    /** Slot index while linked into the wheel, -1 otherwise. */
    int slot = -1;
    WheelTimer prev;
    WheelTimer next;

    private volatile boolean cancelled;

    WheelTimer(TimerQueue queue, Runnable task, long deadlineNanos, long periodNanos, TimerOwner owner) {
        this.queue = queue;
        this.task = task;
        this.deadlineNanos = deadlineNanos;
        this.periodNanos = periodNanos;
        this.owner = owner;
    }

    /** Cancels the timer; a task already running goes on. Thread safe. */
    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.cancel(this);
    }

    /** Whether the timer was cancelled. Thread safe. */
    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Marks the timer done without touching the wheel. In loop. */
    void markCancelled() {
        cancelled = true;
    }

    @Override
    public String toString() {
        return "Timer[deadline=" + deadlineNanos + "ns, period=" + periodNanos + "ns]";
    }
}
