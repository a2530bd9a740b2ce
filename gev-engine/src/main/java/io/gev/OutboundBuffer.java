package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's way out: packing, the write batch, writing to the transport, the queue of what the socket would not
 * take, the watermarks (writability and the read gate's {@link ReadGate#OUTPUT_FULL}), the outbound limit and its
 * policy, and flush callbacks.
 *
 * <p>Replies produced while one read is processed are gathered in the loop's {@link WriteBatch} and leave in one
 * write; a send outside of that goes straight to the socket when nothing is queued. Only bytes the socket would not
 * take are kept in the connection's own ring buffer, which is released when it empties, so an idle connection holds
 * no array.
 *
 * <p>{@link #isWritable()} is thread safe; everything else runs in loop.
 */
final class OutboundBuffer {

    private static final Logger log = LoggerFactory.getLogger(OutboundBuffer.class);

    /**
     * Most bytes offered to the socket in one call. The JDK copies heap bytes through a per-thread cached direct buffer
     * of the size offered; this bounds that cache however large a message is.
     */
    static final int MAX_WRITE_CHUNK = 256 * 1024;

    private final TcpConnection connection;
    private final Transport transport;
    private final WriteBatch batch;
    private final LoopCounters counters;
    private final Protocol protocol;
    private final OutboundLimits limits;
    /** Output gathered past which decoding stops: the high watermark, or never for a relay (see ReadGate). */
    private final int decodeLimit;
    private final RingBuffer queue = new RingBuffer();
    /** Bytes ever queued for output, and bytes ever written: positions for flush callbacks. */
    private long queuedBytes;
    private long flushedBytes;
    private ArrayDeque<PendingFlush> flushCallbacks;
    private volatile boolean writable = true;
    /** {@link Connection#shutdownWrite()} was called: no message is taken any more. */
    private boolean writesShutDown;
    /** When bytes last went out (the loop's clock): the idle check measures silence from it. */
    private long lastWriteNanos;
    /** What the output buffers held when the memory budget was last told. */
    private int accountedBytes;

    OutboundBuffer(TcpConnection connection) {
        this.connection = connection;
        this.transport = connection.transport();
        this.batch = connection.loop().buffers().batch();
        this.counters = connection.counters();
        this.protocol = connection.config().protocol();
        this.limits = connection.config().outbound();
        this.decodeLimit = connection.invoker().outputHoldsReading() ? limits.highWatermark() : Integer.MAX_VALUE;
        this.lastWriteNanos = connection.loop().now();
    }

    /** The size of the arrays holding output: the queue's, and the transport's records waiting. In loop. */
    int footprint() {
        return queue.capacity() + transport.pendingBytes();
    }

    /** Bytes waiting for the socket: queued here, and held by the transport (TLS records). In loop. */
    int pending() {
        return queue.length() + transport.pendingBytes();
    }

    /** Whether the queue is below the high watermark (see {@link Connection#isWritable()}). Thread safe. */
    boolean isWritable() {
        return writable;
    }

    /**
     * Whether output gathered so far, with the batch's, passes the high watermark: decoding stops before a frame (not
     * for a relay: see {@link ReadGate}). In loop.
     */
    boolean isAboveHighWatermark() {
        return queue.length() + batch.buffer().length() > decodeLimit;
    }

    // ------------------------------------------------------------------------------------------------ batches

    /**
     * Gathers this connection's output in the loop's write batch until {@link #endBatch()}; returns the batch. In loop.
     */
    RingBuffer beginBatch() {
        batch.begin(this);
        return batch.buffer();
    }

    /** Writes out what the batch gathered. In loop. */
    void endBatch() {
        RingBuffer gathered = batch.end();
        if (connection.phase() == Phase.CLOSED) {
            gathered.clear();
        } else if (moveOut(gathered)) {
            afterWrite();
        }
    }

    /** Whether output goes to the batch now: a handler is answering a read. In loop. */
    boolean isBatching() {
        return batch.isLentTo(this);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Packs {@code message} and writes or queues it; {@code onFlushed} runs once it is written. In loop. */
    void write(Object message, Runnable onFlushed) {
        if (!connection.phase().isLive() || writesShutDown) {
            return;
        }
        byte[] bytes;
        try {
            bytes = protocol.pack(connection, message);
        } catch (Throwable t) {
            connection.closing().protocolFailure("pack", t);
            return;
        }
        int len = bytes == null ? 0 : bytes.length;
        counters.increment(LoopCounters.MESSAGES_SENT);
        queuedBytes += len;
        if (onFlushed != null) {
            if (flushCallbacks == null) {
                flushCallbacks = new ArrayDeque<>(4);
            }
            flushCallbacks.add(new PendingFlush(queuedBytes, onFlushed));
        }
        if (batch.isLentTo(this)) {
            RingBuffer gathered = batch.buffer();
            if (len <= gathered.free()) {
                gathered.write(bytes, 0, len);
                return;
            }
            // the batch is full: what it holds goes out first, then this message by the ordinary path
            if (!moveOut(gathered)) {
                return;
            }
        } else if (len > 0 && len <= WriteBatch.SIZE && batch.beginIfIdle(this)) {
            // a send outside of a read (a timer, another thread's send, a push): a batch of one, written from the
            // loop's direct buffer, so there is no wrapper to allocate and no copy through the JDK's temporary buffer
            batch.buffer().write(bytes, 0, len);
            endBatch();
            return;
        }
        if (len > 0 && !writeDirect(bytes, len)) {
            return;
        }
        afterWrite(); // also for nothing written: a flush callback of an empty message runs now
    }

    /**
     * Writes {@code bytes} straight to the transport when nothing is queued, and queues what it would not take:
     * only while another connection holds the batch (a broadcast from a handler), or for a message larger than the
     * batch. Returns false when the socket failed (the connection is then closed).
     */
    private boolean writeDirect(byte[] bytes, int len) {
        int off = 0;
        if (queue.isEmpty()) {
            try {
                int n;
                do {
                    int chunk = Math.min(len - off, MAX_WRITE_CHUNK);
                    n = transport.write(ByteBuffer.wrap(bytes, off, chunk));
                    wrote(n);
                    off += n;
                } while (off < len && n > 0);
            } catch (IOException e) {
                connection.closing().ioFailure(e);
                return false;
            }
        }
        if (off < len) {
            queue.write(bytes, off, len - off);
        }
        return true;
    }

    /**
     * Moves every byte of {@code bytes} to the output as it is, unpacked (a {@link Relay}'s input from another
     * connection): straight to the transport when nothing is queued, so that a direct buffer (the loop's read buffer)
     * reaches the socket without a copy, and only what the socket would not take is copied behind the queue. Into the
     * batch instead while it gathers this connection's own output, to keep the order. Then the same bookkeeping as a
     * send: watermarks, outbound limit, writability. Dropped, like a send, once the connection is closing or its
     * writes were shut down. {@code bytes} ends empty. In loop.
     */
    void transfer(RingBuffer bytes) {
        if (!connection.phase().isLive() || writesShutDown) {
            bytes.clear();
            return;
        }
        queuedBytes += bytes.length();
        if (batch.isLentTo(this)) {
            batch.buffer().write(bytes);
        } else if (moveOut(bytes)) {
            afterWrite();
        }
    }

    /** Queues bytes that are not a message (a refused connection's goodbye), to be written with the rest. In loop. */
    void queueRaw(byte[] bytes) {
        queue.write(bytes);
    }

    /**
     * Empties {@code gathered}: straight to the socket when nothing is queued, the rest behind the queue. Returns
     * false when the socket failed (the connection is then closed).
     */
    private boolean moveOut(RingBuffer gathered) {
        if (gathered.isEmpty()) {
            return true;
        }
        if (queue.isEmpty()) {
            try {
                writeOut(gathered);
            } catch (IOException e) {
                gathered.clear();
                connection.closing().ioFailure(e);
                return false;
            }
        }
        if (!gathered.isEmpty()) {
            queue.write(gathered);
        }
        return true;
    }

    /** The socket is writable again: writes what waits, then lets reading go on if the queue drained. In loop. */
    void onWritable() {
        if (connection.phase() == Phase.CLOSED) {
            return;
        }
        try {
            writeOut(queue);
        } catch (IOException e) {
            connection.closing().ioFailure(e);
            return;
        }
        boolean wasFull = connection.gate().isClosedBy(ReadGate.OUTPUT_FULL);
        afterWrite();
        if (wasFull && !connection.gate().isClosedBy(ReadGate.OUTPUT_FULL)) {
            connection.inbound().resumeDecoding();
        }
    }

    /** Writes what the transport holds, then {@code buffer} in chunks, until it is empty or the socket is full. */
    private void writeOut(RingBuffer buffer) throws IOException {
        if (!transport.flush()) {
            return;
        }
        while (!buffer.isEmpty()) {
            int chunk = Math.min(buffer.length(), MAX_WRITE_CHUNK);
            int n = buffer.writeTo(transport, chunk);
            wrote(n);
            if (n < chunk) {
                return;
            }
        }
    }

    private void wrote(int n) {
        if (n > 0) {
            flushedBytes += n;
            lastWriteNanos = connection.loop().now();
        }
    }

    // ------------------------------------------------------------------------------------------------ bookkeeping

    /**
     * Bookkeeping after a write attempt: flush callbacks, then, once the queue is empty, the close or half-close that
     * waited for it; the outbound limit; the watermarks; the selector interest; and last the handler's writability
     * callback (it may send, which comes back here). In loop.
     */
    void afterWrite() {
        runFlushCallbacks();
        if (connection.phase() == Phase.CLOSED) {
            return;
        }
        int pending = pending();
        if (pending == 0) {
            queue.trim();
            if ((writesShutDown || connection.phase() == Phase.CLOSING) && !connection.closing().outputDrained()) {
                return;
            }
        }
        accountBuffer();
        if (pending > limits.maxBytes() && limits.maxBytes() > 0 && limits.overflowPolicy() == OverflowPolicy.CLOSE) {
            overflow(pending);
            return;
        }
        ReadGate gate = connection.gate();
        boolean changed = pending > limits.highWatermark() ? gate.close(ReadGate.OUTPUT_FULL)
                : pending <= limits.lowWatermark() && gate.open(ReadGate.OUTPUT_FULL);
        gate.apply(connection.phase(), pending > 0);
        if (changed) {
            boolean nowWritable = !gate.isClosedBy(ReadGate.OUTPUT_FULL);
            writable = nowWritable;
            if (connection.phase() == Phase.OPEN) {
                connection.invoker().onWritabilityChanged(connection, nowWritable);
            }
        }
    }

    /** The queue passed the outbound limit under {@link OverflowPolicy#CLOSE}: the peer is not reading. */
    private void overflow(int pending) {
        connection.closeNow(); // first: once the overflow is counted, the connection is gone
        counters.increment(LoopCounters.OUTBOUND_OVERFLOWS);
        log.warn("{}: {} bytes of output queued, over the limit of {}: the peer is not reading; closed the connection"
                + " and dropped its output", connection, pending, limits.maxBytes());
    }

    private void runFlushCallbacks() {
        ArrayDeque<PendingFlush> callbacks = flushCallbacks;
        if (callbacks == null || transport.pendingBytes() > 0) {
            return; // nothing waits, or what was written may wait in TLS records yet
        }
        while (connection.phase() != Phase.CLOSED && !callbacks.isEmpty()
                && callbacks.peekFirst().position <= flushedBytes) {
            connection.invoker().run(connection, callbacks.pollFirst().task, "onFlushed");
        }
    }

    /**
     * Tells the owner (the server's memory budget) what the output buffers hold (this queue, the transport's records)
     * when that changed since it last told: an array was made, grew or was given back. Nothing once closed. In loop.
     */
    void accountBuffer() {
        int now = connection.phase() == Phase.CLOSED ? 0 : footprint();
        if (now != accountedBytes) {
            int delta = now - accountedBytes;
            accountedBytes = now; // first: the owner may close the connection, which accounts again
            connection.owner().buffered(connection, delta);
        }
    }

    /** Takes no message any more: the connection half-closes once what is queued is written. In loop. */
    void shutDownWrites() {
        writesShutDown = true;
    }

    /** Whether {@link #shutDownWrites()} was called. In loop. */
    boolean areWritesShutDown() {
        return writesShutDown;
    }

    /** When bytes last went out (the loop's clock), or when the connection opened. In loop. */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Drops what waits and the flush callbacks, and releases the queue's array (the connection closed). In loop. */
    void release() {
        queue.clear();
        queue.trim();
        flushCallbacks = null;
    }

    /** A flush callback and the output position it waits for. */
    private record PendingFlush(long position, Runnable task) {
    }
}
