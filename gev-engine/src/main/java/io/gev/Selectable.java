package io.gev;

/**
 * What an event loop serves, as the attachment of its selection key: a connection, a connector while it dials, a
 * datagram socket. The loop tells it of readiness, asks it to finish when the loop shuts down, and closes it when the
 * loop must end at once. Not thread safe, but in loop.
 */
interface Selectable {

    /** The channel is ready for the operations in {@code readyOps} ({@code SelectionKey.OP_*} bits). */
    void ready(int readyOps);

    /**
     * The loop is shutting down: finish, then {@link EventLoop#deregister deregister} (a connection drains what it
     * read and what it queued, then closes; a datagram socket, which has nothing to drain, deregisters at once and
     * is closed when the loop ends).
     */
    void shutdown();

    /** Closes at once: the loop caught an error nothing nearer the source did (a bug), or the loop is ending. */
    void closeNow();
}
