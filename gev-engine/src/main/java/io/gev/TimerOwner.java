package io.gev;

/**
 * What a timer belongs to besides its loop (a connection's timers): a timer scheduled for an owner that no longer
 * takes timers is cancelled at once, the owner keeps the timers it has so that closing cancels them, and a due
 * timer's task runs through the owner (on a handler executor, say). The loop knows owners by this interface only.
 *
 * <p>Not thread safe, but in loop.
 */
interface TimerOwner {

    /** Whether a new timer may be added: false once the owner has closed. */
    boolean acceptsTimers();

    /** Remembers {@code timer}, so that closing the owner cancels it. */
    void track(WheelTimer timer);

    /** Forgets {@code timer}: it fired for the last time or was cancelled. */
    void untrack(WheelTimer timer);

    /** Runs the task of a due timer. */
    void fire(Runnable task);
}
