package io.gev;

import io.gev.buffer.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where user code is called outside of framing: handler callbacks, protocol connect hooks, connection
 * timers and flush callbacks. A callback that
 * throws is logged once with the connection, counted, and closes only that connection; for a datagram, which has no
 * connection, it is counted and its socket reports it (at most once a second).
 *
 * <p>Not thread safe, but in loop: every call happens on the connection's loop thread.
 */
final class HandlerInvoker {

    private static final Logger log = LoggerFactory.getLogger(HandlerInvoker.class);

    private final Handler handler;
    /** The handler when it works on bytes in place, else null. */
    private final StreamHandler stream;

    HandlerInvoker(Handler handler) {
        this.handler = handler;
        this.stream = handler instanceof StreamHandler s ? s : null;
    }

    /** Whether the handler takes bytes ({@link StreamHandler#onData}) rather than decoded messages. */
    boolean isStreaming() {
        return stream != null;
    }

    /** Tells the protocol, then the handler, of a new connection. */
    void onConnect(TcpConnection connection, Protocol protocol) {
        try {
            protocol.onConnect(connection);
        } catch (Throwable t) {
            fault(connection, "protocol onConnect", t);
            return;
        }
        try {
            handler.onConnect(connection);
        } catch (Throwable t) {
            fault(connection, "onConnect", t);
        }
    }

    /** Returns the handler's reply, or null when there is none or the handler threw. */
    Object onMessage(TcpConnection connection, Object context, byte[] data) {
        try {
            return handler.onMessage(connection, context, data);
        } catch (Throwable t) {
            fault(connection, "onMessage", t);
            return null;
        }
    }

    /**
     * Returns the handler's reply to a datagram, or null when there is none or the handler threw: then the peer's
     * socket counts and reports it, and there is no connection to close.
     */
    Object onMessage(DatagramPeer peer, Object context, byte[] data) {
        try {
            return handler.onMessage(peer, context, data);
        } catch (Throwable t) {
            peer.endpoint().handlerFailed(peer, "onMessage", t);
            return null;
        }
    }

    /** Runs the flush callback of a datagram sent to {@code peer}. */
    void onFlushed(DatagramPeer peer, Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            peer.endpoint().handlerFailed(peer, "onFlushed", t);
        }
    }

    /** Hands the received bytes and the output of this read to a {@link StreamHandler}. */
    void onData(TcpConnection connection, RingBuffer in, RingBuffer out) {
        try {
            stream.onData(connection, in, out);
        } catch (Throwable t) {
            fault(connection, "onData", t);
        }
    }

    void onWritabilityChanged(TcpConnection connection, boolean writable) {
        try {
            handler.onWritabilityChanged(connection, writable);
        } catch (Throwable t) {
            fault(connection, "onWritabilityChanged", t);
        }
    }

    void onClose(TcpConnection connection) {
        try {
            handler.onClose(connection);
        } catch (Throwable t) {
            connection.loop().counters().increment(LoopCounters.HANDLER_ERRORS);
            log.warn("Handler onClose failed for {}", connection, t);
        }
    }

    /** Runs a timer task or flush callback that belongs to {@code connection}. */
    void run(TcpConnection connection, Runnable task, String what) {
        try {
            task.run();
        } catch (Throwable t) {
            fault(connection, what, t);
        }
    }

    private void fault(TcpConnection connection, String what, Throwable t) {
        connection.loop().counters().increment(LoopCounters.HANDLER_ERRORS);
        log.warn("Handler {} failed for {}; closing the connection", what, connection, t);
        connection.close();
    }
}
