package io.gev;

/**
 * What an event loop's selector reports readiness to, as the attachment of its key: a connection, and whatever else
 * a loop may own a channel for. Not thread safe, but in loop.
 */
interface Selectable {

    /** The channel is ready for the operations in {@code readyOps} ({@code SelectionKey.OP_*} bits). */
    void ready(int readyOps);

    /** Closes at once: the loop caught an error nothing nearer the source did (a bug), or the loop is ending. */
    void closeNow();
}
