package io.gev;

import io.gev.buffer.RingBuffer;

/**
 * The loop's shared write buffer, lent to one connection at a time: the replies produced while one read is processed
 * (or a send outside of a read) are gathered here and leave in one write. Direct, so that the socket writes from it
 * without the JDK's intermediate copy. A stream handler may grow it past its size; it is replaced by a fresh one of
 * the usual size when the next batch begins, so the native memory goes back.
 *
 * <p>Not thread safe, but in loop: one per event loop.
 */
final class WriteBatch {

    /** The size of the buffer. */
    static final int SIZE = 128 * 1024;

    private RingBuffer buffer = RingBuffer.direct(SIZE);
    /** Whose output the buffer gathers now, or null. */
    private Object owner;

    /** Lends the buffer to {@code borrower} until {@link #end()}. In loop. */
    void begin(Object borrower) {
        owner = borrower;
        if (buffer.capacity() > SIZE) {
            buffer = RingBuffer.direct(SIZE);
        }
    }

    /** Lends the buffer to {@code borrower} unless it is lent already; returns whether it did. In loop. */
    boolean beginIfIdle(Object borrower) {
        if (owner != null) {
            return false;
        }
        begin(borrower);
        return true;
    }

    /** Whether the buffer gathers {@code borrower}'s output. In loop. */
    boolean isLentTo(Object borrower) {
        return owner == borrower;
    }

    /** The buffer: the output gathered so far. In loop. */
    RingBuffer buffer() {
        return buffer;
    }

    /** Takes the buffer back; returns it, holding the output gathered, for the borrower to write out. In loop. */
    RingBuffer end() {
        owner = null;
        return buffer;
    }
}
