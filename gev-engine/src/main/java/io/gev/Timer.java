package io.gev;

/** A task scheduled on an event loop's timing wheel by {@code runAfter} or {@code runEvery}. */
public interface Timer {

    /** Stops the task from running again; a no-op when it already ran (one-shot) or was cancelled. Thread safe. */
    void cancel();

    /** Whether {@link #cancel()} was called, or the owning connection or server closed. Thread safe. */
    boolean isCancelled();
}
