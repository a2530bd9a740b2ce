package io.gev;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one event loop. Written by the loop thread only, with opaque stores (atomic and eventually visible, no
 * fence), and read by anyone: no lock, no atomic read-modify-write and no shared cache line on the hot path.
 */
final class LoopCounters {

    static final int BYTES_READ = 0;
    static final int BYTES_WRITTEN = 1;
    static final int MESSAGES_RECEIVED = 2;
    static final int MESSAGES_SENT = 3;
    static final int CONNECTIONS_CLOSED = 4;
    static final int HANDLER_ERRORS = 5;
    static final int PROTOCOL_ERRORS = 6;
    static final int IO_ERRORS = 7;
    static final int TASKS_RUN = 8;
    static final int OUTBOUND_OVERFLOWS = 9;
    static final int READ_TIMEOUTS = 10;
    static final int TLS_HANDSHAKES = 11;
    static final int TLS_ERRORS = 12;
    static final int DATAGRAMS_DROPPED = 13;
    static final int HANDSHAKE_TIMEOUTS = 14;
    /** Connections closed to keep the server's buffered bytes under its memory budget. */
    static final int MEMORY_CLOSES = 15;
    private static final int COUNT = 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values = new long[COUNT];

    /** Adds {@code n} to {@code counter}. In loop. */
    void add(int counter, long n) {
        SLOT.setOpaque(values, counter, (long) SLOT.getOpaque(values, counter) + n);
    }

    /** Adds one to {@code counter}. In loop. */
    void increment(int counter) {
        add(counter, 1);
    }

    /** The current value of {@code counter}. Thread safe. */
    long get(int counter) {
        return (long) SLOT.getOpaque(values, counter);
    }
}
