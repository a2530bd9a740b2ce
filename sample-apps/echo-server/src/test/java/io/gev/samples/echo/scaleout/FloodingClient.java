package io.gev.samples.echo.scaleout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection that writes a numbered byte stream as fast as the path takes it and, once told to, reads the echo back
 * and checks every byte. Until then it reads nothing, so the server soon has replies queued that it cannot write and
 * stops reading: a drain that begins then has requests in flight, and cannot end before this client reads.
 */
final class FloodingClient implements AutoCloseable {

    final int id;
    private final ClientConnection connection;
    private final Thread writer;
    private final Thread reader;
    /** Bytes whose write returned: the stream's length once the writer has ended without an error. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean stopWriting;
    private volatile IOException writeFailure;
    private volatile IOException readFailure;
    private volatile long firstMismatch = -1;
    private volatile boolean endOfStream;

    FloodingClient(int id, ClientConnection connection) {
        this.id = id;
        this.connection = connection;
        this.writer = new Thread(this::write, "flood-writer-" + id);
        this.reader = new Thread(this::read, "flood-reader-" + id);
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
    }

    /** The byte at {@code offset} of stream {@code id}: a mix of both, so a byte lost, repeated or crossed shows. */
    static byte expected(int id, long offset) {
        long x = (offset + 1) * 0x9E3779B97F4A7C15L + id;
        return (byte) (x ^ (x >>> 29) ^ (x >>> 47));
    }

    private void write() {
        byte[] chunk = new byte[16 * 1024];
        try {
            OutputStream out = connection.socket().getOutputStream();
            while (!stopWriting) {
                long offset = written.get();
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = expected(id, offset + i);
                }
                out.write(chunk); // blocks while the server does not read
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            writeFailure = e; // expected once a draining server has closed
        }
    }

    private void read() {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = connection.socket().getInputStream();
            long offset = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (firstMismatch < 0) {
                    firstMismatch = mismatch(buf, n, offset);
                }
                offset += n;
                received.set(offset);
            }
            endOfStream = true;
            connection.close(); // what a client does at end of stream: the server need not linger
        } catch (IOException e) {
            readFailure = e;
        }
    }

    /** Stream offset of the first of {@code buf}'s {@code n} bytes, read at {@code offset}, that was not sent, or -1. */
    private long mismatch(byte[] buf, int n, long offset) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != expected(id, offset + i)) {
                return offset + i;
            }
        }
        return -1;
    }

    /** Stops writing (after the write under way, if it can finish) and starts reading the echo. */
    void release() {
        stopWriting = true;
        reader.start();
    }

    long written() {
        return written.get();
    }

    long received() {
        return received.get();
    }

    boolean writerEnded() {
        return !writer.isAlive();
    }

    IOException writeFailure() {
        return writeFailure;
    }

    /** Whether the reader saw the server end the stream (a FIN after its last byte, not a reset). */
    boolean endOfStream() {
        return endOfStream;
    }

    IOException readFailure() {
        return readFailure;
    }

    /** Offset of the first echoed byte that is not what was sent there, or -1. */
    long firstMismatch() {
        return firstMismatch;
    }

    @Override
    public void close() throws IOException {
        stopWriting = true;
        connection.close();
    }

    @Override
    public String toString() {
        return "client " + id + " (" + connection.endpoint() + ": wrote " + written() + ", received " + received()
                + (endOfStream ? ", end of stream" : "") + (readFailure != null ? ", read failed: " + readFailure : "")
                + ")";
    }
}
