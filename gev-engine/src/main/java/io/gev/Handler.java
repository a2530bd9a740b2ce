package io.gev;

/**
 * What a gev server does with its connections: the user's one required piece.
 *
 * <p>All callbacks of one connection run one at a time, in order, so a handler needs no locking for per-connection
 * state. They run on the connection's event loop thread, where a callback must not block (it would hold up every
 * connection of its loop); or, when the server has a handler executor
 * ({@link GevServer.Builder#handlerExecutor}), on that executor, where they may block (the loop goes on). The
 * connection's timer tasks and flush callbacks run where its callbacks run. A callback that throws closes only its
 * own connection (queued output is flushed first); the error is logged and counted.
 */
@FunctionalInterface
public interface Handler {

    /** A connection was accepted and registered with its loop. Never called on a UDP server. */
    default void onConnect(Connection connection) {
    }

    /**
     * A whole message was decoded by the server's {@link Protocol}; on a UDP server, a datagram arrived (its payload,
     * with a null context, from a connection that stands for its sender).
     *
     * @param connection the connection it came from
     * @param context    the context the protocol attached to the frame, or null
     * @param data       the frame's payload
     * @return a reply to pack and send on this connection, or null for none
     */
    Object onMessage(Connection connection, Object context, byte[] data);

    /**
     * The connection's output queue crossed a watermark: {@code writable} is false once it holds more than the high
     * watermark and true again once it drained to the low one (see {@link Connection#isWritable()}). For handlers that
     * produce on their own (pushes, streams): stop producing on false, resume on true.
     */
    default void onWritabilityChanged(Connection connection, boolean writable) {
    }

    /**
     * The peer finished sending (it half-closed or closed its side), and every message it sent was handled. By default
     * the connection then closes, once its output is written. A handler that overrides this keeps it open for
     * writing (a proxy waiting for its upstream's last replies, say) and closes it itself; nothing more is read.
     * Never called on a UDP server.
     */
    default void onInputClosed(Connection connection) {
        connection.close();
    }

    /**
     * The connection is closed; it is called exactly once per connection that {@link #onConnect connected}. Never
     * called on a UDP server. It never runs inside another connection's {@code onClose}: a connection closed there
     * (a send to its dead peer failed) is told once that one has returned, so a handler may tell everyone of a
     * close however many peers vanished together.
     */
    default void onClose(Connection connection) {
    }
}
