package io.gev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a connection ends: a graceful close (stop reading, write out what is queued, half-close, linger until the peer
 * closes), a half-close on request, the end of the peer's input, the drain when the server stops (every request read
 * gets its reply first, also those on a handler executor), the immediate close, and the failures that lead to one:
 * TLS, I/O and protocol errors, each logged once and counted. Every wait is bounded by the shutdown timeout.
 *
 * <p>A peer that still sends is never reset: the kernel answers bytes that arrive after a close with a reset, which
 * destroys replies the peer has not read yet. So once the output is written gev half-closes, drops what the peer
 * still sends, and closes when the peer closes, or after {@link #LINGER} (at most the shutdown timeout).
 *
 * <p>{@link #requestClose()}, {@link #closeSoon()} and {@link #isCloseRequested()} are thread safe; everything else
 * runs in loop.
 */
final class CloseSequence {

    private static final Logger log = LoggerFactory.getLogger(CloseSequence.class);

    /** Longest wait for the peer to close after gev half-closed a connection it is closing. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final TcpConnection connection;
    /** The user asked to close the connection (a client does not dial again then). */
    private volatile boolean closeRequested;
    /** What happens (a close) once the handler executor handled every message given to it; null if nothing waits. */
    private Runnable whenHandled;
    /** Bounds the close (the shutdown timeout), then the linger. */
    private WheelTimer timer;
    private boolean outputShutdown;
    /** Whether the handler was told of the connection, and so must be told of its close. */
    private boolean handlerTold;

    CloseSequence(TcpConnection connection) {
        this.connection = connection;
    }

    /** The longest wait for queued output on close: the shutdown timeout. */
    private Duration timeout() {
        return connection.config().closeTimeout();
    }

    /** The handler was told of the connection ({@code onConnect}): it will hear of the close. In loop. */
    void handlerToldOfOpen() {
        handlerTold = true;
    }

    /** Whether the handler was told of the connection. In loop. */
    boolean isHandlerToldOfOpen() {
        return handlerTold;
    }

    /** {@link Connection#close()}: remembered (a client does not dial again), then a graceful close. Thread safe. */
    void requestClose() {
        closeRequested = true;
        closeSoon();
    }

    /** Whether {@link Connection#close()} was called. Thread safe. */
    boolean isCloseRequested() {
        return closeRequested;
    }

    /** A graceful close for gev's own reasons (a handler fault), on the loop. Thread safe. */
    void closeSoon() {
        connection.loop().runInLoop(this::closeGracefully);
    }

    /** Stops reading and closes once queued output is written, or after the shutdown timeout. In loop. */
    void closeGracefully() {
        if (!connection.phase().isLive()) {
            return;
        }
        connection.enter(Phase.CLOSING);
        writeOutAndClose();
    }

    /**
     * The closing phase: drops what was read and not handled (as decoding stops), writes out what is queued, bounded
     * by the shutdown timeout. A refused connection starts here. In loop.
     */
    void writeOutAndClose() {
        connection.inbound().clear();
        HandlerQueue queue = connection.handlerQueue();
        if (queue != null) {
            queue.discardPending(); // as on the loop, where decoding stops: what was not handled is not
        }
        OutboundBuffer outbound = connection.outbound();
        if (!outbound.isBatching()) {
            outbound.afterWrite();
        }
        if (connection.phase() == Phase.CLOSING) { // lingering: the linger has its own timer
            connection.loop().timers().cancelInLoop(timer);
            timer = connection.loop().timers().scheduleInLoop(timeout().toNanos(), this::closeTimedOut);
        }
    }

    /** {@link Connection#shutdownWrite()}: half-closes once what is queued is written. In loop. */
    void shutdownWrite() {
        OutboundBuffer outbound = connection.outbound();
        if (!connection.phase().isLive() || outbound.areWritesShutDown()) {
            return;
        }
        outbound.shutDownWrites();
        if (!outbound.isBatching()) {
            outbound.afterWrite();
        }
    }

    /** All output was written: a close or half-close that waited for it goes on. Returns false once closed. In loop. */
    boolean outputDrained() {
        if (connection.phase() == Phase.CLOSING) {
            finishClose();
            if (connection.phase() == Phase.CLOSED) {
                return false;
            }
        }
        if (connection.outbound().areWritesShutDown() && !outputShutdown) {
            shutdownOutput();
            return connection.phase() != Phase.CLOSED;
        }
        return true;
    }

    /** Everything is written: close if the peer is done, else half-close and linger (see the class comment). */
    private void finishClose() {
        if (connection.gate().isClosedBy(ReadGate.PEER_CLOSED) || discardInput() < 0) {
            closeNow();
            return;
        }
        if (!outputShutdown) {
            shutdownOutput();
        }
        if (connection.phase() != Phase.CLOSED) {
            connection.enter(Phase.LINGERING); // the caller sets the interest: reading, to drop what comes
            connection.loop().timers().cancelInLoop(timer);
            long linger = Math.min(LINGER.toNanos(), timeout().toNanos());
            timer = connection.loop().timers().scheduleInLoop(linger, this::closeNow);
        }
    }

    private void shutdownOutput() {
        try {
            connection.transport().shutdownOutput();
            outputShutdown = true;
        } catch (IOException e) {
            ioFailure(e);
        }
    }

    /** Lingering: drops what the peer sent, and closes at its end of stream. In loop. */
    void discardUntilPeerCloses() {
        if (discardInput() < 0) {
            closeNow();
        }
    }

    /** Reads and drops what the peer sent: -1 at end of stream (or on error), else the bytes dropped. */
    private int discardInput() {
        ByteBuffer sink = connection.loop().buffers().discard();
        int total = 0;
        try {
            for (int i = 0; i < 16; i++) {
                sink.clear();
                int n = connection.transport().socket().channel().read(sink);
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            return -1;
        }
        return total; // not counted as read: nobody handled these bytes
    }

    private void closeTimedOut() {
        log.debug("{}: {} bytes of output not flushed within {}; closing anyway", connection,
                connection.outbound().pending(), timeout());
        closeNow();
    }

    // ------------------------------------------------------------------------------------------------ peer and server

    /**
     * The peer finished sending: what it sent is handled, then the handler decides or the connection closes. In loop.
     */
    void peerShutdown() {
        connection.inbound().drain();
        connection.gate().close(ReadGate.PEER_CLOSED);
        afterHandlers(() -> {
            HandlerInvoker invoker = connection.invoker();
            if (outputShutdown) {
                closeNow();
            } else if (invoker.handlesInputClosed() && handlerTold) {
                connection.updateInterest(); // no more reading: the peer is done
                invoker.onInputClosed(connection);
            } else {
                closeGracefully();
            }
        });
    }

    /**
     * The server is stopping: every request read is handled, the protocol may say goodbye, then the connection
     * closes gracefully. In loop.
     */
    void closeForServerStop() {
        connection.inbound().drain();
        afterHandlers(() -> {
            if (connection.phase() == Phase.OPEN) {
                try {
                    connection.config().protocol().onServerStop(connection);
                } catch (Throwable t) {
                    log.warn("{}: protocol onServerStop failed", connection, t);
                }
            }
            closeGracefully();
        });
    }

    /**
     * Runs {@code action} once every message handed to the handler executor was handled and its reply queued, reading
     * nothing meanwhile (at once when the handler runs on the loop). Bounded by the shutdown timeout.
     */
    private void afterHandlers(Runnable action) {
        HandlerQueue queue = connection.handlerQueue();
        if (queue == null || !connection.phase().isLive() || queue.notifyWhenIdle()) {
            action.run();
            return;
        }
        whenHandled = action;
        connection.gate().close(ReadGate.AWAITING_HANDLERS);
        connection.updateInterest();
        timer = connection.loop().timers().scheduleInLoop(timeout().toNanos(), this::closeTimedOut);
    }

    /** The handler executor handled every message given to it: a close that waited for that goes on. In loop. */
    void handlersIdle() {
        Runnable action = whenHandled;
        if (action != null && connection.phase().isLive()) {
            whenHandled = null;
            connection.gate().open(ReadGate.AWAITING_HANDLERS);
            connection.loop().timers().cancelInLoop(timer);
            timer = null;
            action.run();
        }
    }

    // ------------------------------------------------------------------------------------------------ failures

    /** The peer's bytes are not acceptable TLS (or the handshake failed); the alert is sent. In loop. */
    void tlsFailure(SSLException e) {
        connection.counters().increment(LoopCounters.TLS_ERRORS);
        log.info("{}: TLS {} failed, closing the connection: {}", connection,
                connection.phase() == Phase.TLS_HANDSHAKE ? "handshake" : "session", e.getMessage());
        closeNow();
    }

    /** The socket failed. In loop. */
    void ioFailure(IOException e) {
        connection.counters().increment(LoopCounters.IO_ERRORS);
        log.debug("{}: I/O error, closing: {}", connection, e.toString());
        closeNow();
    }

    /** The protocol threw (or broke its contract) while doing {@code what}: its input is malformed. In loop. */
    void protocolFailure(String what, Throwable t) {
        connection.counters().increment(LoopCounters.PROTOCOL_ERRORS);
        log.warn("{}: protocol {} failed, closing the connection: {}", connection, what, t.toString());
        log.debug("{}: protocol {} failure", connection, what, t);
        connection.owner().failed(connection, t);
        closeGracefully();
    }

    /** Closes at once, dropping queued output; the owner and then the handler hear of it. In loop. */
    void closeNow() {
        if (connection.phase() == Phase.CLOSED) {
            return;
        }
        connection.enter(Phase.CLOSED);
        HandlerQueue queue = connection.handlerQueue();
        if (queue != null) {
            queue.discardPending();
        }
        connection.loop().timers().cancelInLoop(timer);
        timer = null;
        connection.timers().cancelAll();
        connection.gate().cancel();
        Sockets.closeQuietly(connection.transport().socket().channel());
        connection.inbound().release();
        connection.outbound().release();
        connection.inbound().accountBuffer();
        connection.outbound().accountBuffer();
        connection.loop().deregister(connection);
        connection.owner().closed(connection);
        if (handlerTold) {
            connection.invoker().onClose(connection);
        }
    }
}
