package io.gev;

import java.nio.channels.SelectionKey;

/**
 * Whether a connection is read: the one place that knows every reason reading is off, and the one place that sets
 * the connection's selector interest, from those reasons, its phase and whether output waits for the socket. While
 * any reason holds, the connection is not read and what it read is not decoded (but for the server-stop drain).
 *
 * <p>Not thread safe, but in loop.
 */
final class ReadGate {

    /** Queued output is above the high watermark, until it drains to the low one (the connection is not writable). */
    static final int OUTPUT_FULL = 1;
    /** More messages wait for the handler executor than allowed, until half of them are handled. */
    static final int HANDLER_BACKLOG = 1 << 1;
    /** The user called {@link Connection#suspendReading()}. */
    static final int SUSPENDED = 1 << 2;
    /** A close waits for the handler executor to handle every message it was given. */
    static final int AWAITING_HANDLERS = 1 << 3;
    /** The peer finished sending. */
    static final int PEER_CLOSED = 1 << 4;
    /** The server's connections buffer more than its memory budget allows, until they hold half of it. */
    static final int MEMORY = 1 << 5;
    /**
     * A {@link Relay} cannot move this connection's input on: it has no other side yet, or the other side is not
     * writable (until it drains to its low watermark).
     */
    static final int RELAY_BLOCKED = 1 << 6;
    /** A read a {@link Relay} handed to another loop is on its way, until that loop has taken it. */
    static final int RELAY_IN_FLIGHT = 1 << 7;

    /** The reasons that hold reading off when set: all but {@link #OUTPUT_FULL} for a {@link Relay}'s connection. */
    private final int holding;
    private SelectionKey key;
    private int interestOps;
    /** The reasons set, as bits: those that hold reading off, and for a relay whether its output is full. */
    private int closedBy;

    /**
     * A gate on which a full output holds reading off when {@code outputHoldsReading}; else (a {@link Relay}'s
     * connection, whose input goes to another connection) {@link #OUTPUT_FULL} is only the writability it reports.
     */
    ReadGate(boolean outputHoldsReading) {
        this.holding = outputHoldsReading ? -1 : ~OUTPUT_FULL;
    }

    /** Takes the key the connection was registered with, for reading. In loop. */
    void attach(SelectionKey key) {
        this.key = key;
        this.interestOps = SelectionKey.OP_READ;
    }

    /** Whether the key is still valid (the connection did not close while handling this readiness). In loop. */
    boolean isValid() {
        return key.isValid();
    }

    /** Whether no reason holds reading off. In loop. */
    boolean isOpen() {
        return (closedBy & holding) == 0;
    }

    /** Whether {@code reason} (one of the constants, or several or-ed) is set. In loop. */
    boolean isClosedBy(int reason) {
        return (closedBy & reason) != 0;
    }

    /** {@code reason} holds reading off from now on; returns whether it did not before. In loop. */
    boolean close(int reason) {
        boolean changed = (closedBy & reason) == 0;
        closedBy |= reason;
        return changed;
    }

    /** {@code reason} no longer holds reading off; returns whether it did before. In loop. */
    boolean open(int reason) {
        boolean changed = (closedBy & reason) != 0;
        closedBy &= ~reason;
        return changed;
    }

    /**
     * Sets the selector interest: read while the connection is live and nothing holds reading off (or while it
     * lingers, to drop what the peer still sends), write while output waits for the socket. Nothing once closed.
     * In loop.
     */
    void apply(Phase phase, boolean outputWaits) {
        if (phase == Phase.CLOSED) {
            return;
        }
        boolean read = phase.isLive() && isOpen() || phase == Phase.LINGERING;
        int ops = (outputWaits ? SelectionKey.OP_WRITE : 0) | (read ? SelectionKey.OP_READ : 0);
        if (ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    /** Stops watching the socket (the connection closes). In loop. */
    void cancel() {
        if (key != null) {
            key.cancel();
        }
    }
}
