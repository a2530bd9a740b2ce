package io.gev;

/**
 * A task in a {@link TimingWheel} slot: a node of the slot's doubly linked list. The wheel's fields are touched on the
 * loop thread only; {@link #cancel()} may come from any thread.
 */
final class WheelTimer implements Timer {

    final EventLoop loop;
    final Runnable task;
    /** 0 for a one-shot timer. */
    final long periodNanos;
    /** The connection whose timer this is (cancelled when it closes), or null for a server timer. */
    final TcpConnection owner;

    long deadlineNanos;
    long deadlineTick;
    /** Slot index while linked into the wheel, -1 otherwise. */
    int slot = -1;
    WheelTimer prev;
    WheelTimer next;

    private volatile boolean cancelled;

    WheelTimer(EventLoop loop, Runnable task, long deadlineNanos, long periodNanos, TcpConnection owner) {
        this.loop = loop;
        this.task = task;
        this.deadlineNanos = deadlineNanos;
        this.periodNanos = periodNanos;
        this.owner = owner;
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (loop.inLoop()) {
            loop.unschedule(this);
        } else {
            loop.execute(() -> loop.unschedule(this));
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Marks the timer done without touching the wheel; for the loop thread. */
    void markCancelled() {
        cancelled = true;
    }

    @Override
    public String toString() {
        return "Timer[deadline=" + deadlineNanos + "ns, period=" + periodNanos + "ns]";
    }
}
