package io.gev;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A TLS connection's records on their way to the socket: encrypted into the loop's shared buffer and written from
 * there; only records the socket would not take are kept, in a buffer of the connection's own, until a later write
 * or flush takes them. After a close_notify it shuts the socket's output once everything before it is written.
 *
 * <p>Not thread safe, but in loop.
 */
final class TlsRecordOutput {

    private final SocketTransport socket;
    private final LoopBuffers buffers;
    /** Records the socket did not take yet, in read mode; null when there are none. */
    private ByteBuffer pending;
    /** The socket's output is to be shut once the pending records (a close_notify last) are written. */
    private boolean shutdownAfterFlush;

    TlsRecordOutput(SocketTransport socket, LoopBuffers buffers) {
        this.socket = socket;
        this.buffers = buffers;
    }

    /** Bytes of records waiting for the socket. In loop. */
    int pendingBytes() {
        return pending == null ? 0 : pending.remaining();
    }

    /** Writes the records that wait; returns whether none is left. In loop. */
    boolean flush() throws IOException {
        if (pending == null) {
            return true;
        }
        socket.write(pending);
        if (pending.hasRemaining()) {
            return false;
        }
        pending = null;
        shutdownIfDue();
        return true;
    }

    /** The loop's shared buffer, empty and in write mode: where records are encrypted when none wait. In loop. */
    ByteBuffer shared() {
        return buffers.tlsOutput().clear();
    }

    /**
     * Where records go next, in write mode: behind the waiting ones when there are any, with room for one more record
     * of {@code packetSize}; else the loop's shared buffer, empty. In loop.
     */
    ByteBuffer next(int packetSize) {
        if (pending == null) {
            return shared();
        }
        if (pending.capacity() - pending.remaining() < packetSize) {
            ByteBuffer bigger = ByteBuffer.allocate(pending.remaining() + packetSize);
            bigger.put(pending);
            pending = bigger;
            return bigger;
        }
        return pending.compact();
    }

    /**
     * Writes the records in {@code out} (write mode: the shared buffer, or the one {@link #next} gave) to the socket.
     * What the socket does not take waits, in a buffer of the connection's own with room for another
     * {@code packetSize}. Returns whether everything was written; then a due shutdown of the output happens. In loop.
     */
    boolean send(ByteBuffer out, int packetSize) throws IOException {
        out.flip();
        if (out.hasRemaining()) {
            socket.write(out);
        }
        if (out.hasRemaining()) {
            if (out != pending) {
                pending = ByteBuffer.allocate(out.remaining() + packetSize).put(out).flip();
            }
            return false;
        }
        if (out == pending) {
            pending = null;
        }
        shutdownIfDue();
        return true;
    }

    /**
     * Shuts the socket's output once the records given so far are written (a close_notify is the last of them).
     * In loop.
     */
    void shutdownWhenWritten() {
        shutdownAfterFlush = true;
    }

    private void shutdownIfDue() throws IOException {
        if (shutdownAfterFlush) {
            shutdownAfterFlush = false;
            socket.shutdownOutput();
        }
    }
}
