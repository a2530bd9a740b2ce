package io.gev;

import io.gev.buffer.RingBuffer;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where user code is called outside of framing: handler callbacks, protocol connect hooks, connection
 * timers and flush callbacks. A callback that throws is logged once with the connection, counted, and closes only
 * that connection; for a datagram, which has no connection, it is counted and its socket reports it (at most once a
 * second).
 *
 * <p>Handlers run on the connection's loop, or, with a handler executor, on that executor through the connection's
 * {@link HandlerQueue}: one call at a time per connection and in order, a reply written back through the loop.
 * Protocol hooks always run on the loop.
 *
 * <p>Methods are called in loop; with an executor the handler's code then runs there.
 */
final class HandlerInvoker {

    private static final Logger log = LoggerFactory.getLogger(HandlerInvoker.class);

    private final Handler handler;
    /** The handler when it works on bytes in place, else null. */
    private final StreamHandler stream;
    /** Where handler calls run, or null for the loop. */
    private final Executor executor;
    private final int maxPendingPerConnection;
    /** Whether the handler overrides {@link Handler#onInputClosed}: else gev closes at the peer's end of stream. */
    private final boolean handlesInputClosed;
    /** Whether the handler is a {@link Relay}, which sends a connection's input to another connection. */
    private final boolean relays;

    HandlerInvoker(Handler handler, Executor executor, int maxPendingPerConnection) {
        this.handler = handler;
        this.stream = handler instanceof StreamHandler s ? s : null;
        if (stream != null && executor != null) {
            throw new IllegalArgumentException("a StreamHandler works on the loop's buffers and cannot run on a"
                    + " handler executor");
        }
        this.executor = executor;
        this.maxPendingPerConnection = maxPendingPerConnection;
        this.handlesInputClosed = overrides(handler, "onInputClosed");
        this.relays = handler instanceof Relay;
    }

    private static boolean overrides(Handler handler, String method) {
        try {
            return handler.getClass().getMethod(method, Connection.class).getDeclaringClass() != Handler.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Whether the handler keeps a connection open after the peer's end of stream (see Handler#onInputClosed). */
    boolean handlesInputClosed() {
        return handlesInputClosed;
    }

    /**
     * Whether a connection's full output stops its reading: yes, as its replies would only add to it, unless the
     * handler is a {@link Relay}: its input goes to another connection, whose writability holds it instead.
     */
    boolean outputHoldsReading() {
        return !relays;
    }

    /** Whether the handler takes bytes ({@link StreamHandler#onData}) rather than decoded messages. */
    boolean isStreaming() {
        return stream != null;
    }

    /** The queue of {@code connection}'s handler calls on the executor, or null when handlers run on the loop. */
    HandlerQueue newQueue(TcpConnection connection) {
        return executor == null ? null : new HandlerQueue(connection, executor, maxPendingPerConnection);
    }

    /** Tells the protocol, then the handler, of a new connection. */
    void onConnect(TcpConnection connection, Protocol protocol) {
        try {
            protocol.onConnect(connection);
        } catch (Throwable t) {
            fault(connection, "protocol onConnect", t);
            return;
        }
        run(connection, () -> handler.onConnect(connection), "onConnect");
    }

    /**
     * Hands a message to the handler. On the loop, returns the handler's reply (null when there is none or the
     * handler threw); with an executor, returns null at once and the reply is sent when the handler returns it.
     */
    Object onMessage(TcpConnection connection, Object context, byte[] data) {
        HandlerQueue queue = connection.handlerQueue();
        if (queue == null) {
            try {
                return handler.onMessage(connection, context, data);
            } catch (Throwable t) {
                fault(connection, "onMessage", t);
                return null;
            }
        }
        queue.submitMessage(context, data);
        return null;
    }

    /** On the handler executor: the handler's call for one message, and its reply sent back through the loop. */
    void handleMessage(TcpConnection connection, Object context, byte[] data) {
        Object reply;
        try {
            reply = handler.onMessage(connection, context, data);
        } catch (Throwable t) {
            fault(connection, "onMessage", t);
            return;
        }
        if (reply != null) {
            connection.send(reply);
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

    /** Hands the received bytes and the output of this read to a {@link StreamHandler}; always on the loop. */
    void onData(TcpConnection connection, RingBuffer in, RingBuffer out) {
        try {
            stream.onData(connection, in, out);
        } catch (Throwable t) {
            fault(connection, "onData", t);
        }
    }

    void onInputClosed(TcpConnection connection) {
        run(connection, () -> handler.onInputClosed(connection), "onInputClosed");
    }

    void onWritabilityChanged(TcpConnection connection, boolean writable) {
        run(connection, () -> handler.onWritabilityChanged(connection, writable), "onWritabilityChanged");
    }

    /**
     * Tells the handler that {@code connection} closed. On the loop, a close that comes about inside another
     * connection's {@code onClose} (that handler's send to this connection failed, closing it) is told once that one
     * has returned, through the loop's task queue: a handler that tells everyone of a close, as a chat room does,
     * would otherwise go one call deeper for each dead connection its sends find, and a mass disconnect would
     * overflow the stack. With a handler executor the calls are queued anyway.
     */
    void onClose(TcpConnection connection) {
        if (connection.handlerQueue() == null) {
            connection.loop().runUnnested(() -> guarded(connection, () -> handler.onClose(connection), "onClose"));
        } else {
            run(connection, () -> handler.onClose(connection), "onClose");
        }
    }

    /**
     * Runs {@code task}, a callback of {@code connection}'s (a timer task, a flush callback, a handler event): on the
     * loop, or queued for the handler executor.
     */
    void run(TcpConnection connection, Runnable task, String what) {
        HandlerQueue queue = connection.handlerQueue();
        if (queue == null) {
            guarded(connection, task, what);
        } else {
            queue.submit(() -> guarded(connection, task, what));
        }
    }

    private void guarded(TcpConnection connection, Runnable task, String what) {
        try {
            task.run();
        } catch (HandshakeTimeoutException e) {
            count(connection, LoopCounters.HANDSHAKE_TIMEOUTS);
            log.info("{}: {}; closing the connection", connection, e.getMessage());
            connection.closing().closeSoon();
        } catch (Throwable t) {
            fault(connection, what, t);
        }
    }

    /** Counts on the connection's loop, whose counters only it writes (the caller may be the handler executor). */
    private static void count(TcpConnection connection, int counter) {
        LoopCounters counters = connection.counters();
        connection.loop().runInLoop(() -> counters.increment(counter));
    }

    private void fault(TcpConnection connection, String what, Throwable t) {
        count(connection, LoopCounters.HANDLER_ERRORS);
        if (connection.isConnected()) {
            log.warn("Handler {} failed for {}; closing the connection", what, connection, t);
            connection.owner().failed(connection, t);
            connection.closing().closeSoon();
        } else {
            log.warn("Handler {} failed for {}", what, connection, t);
        }
    }
}
