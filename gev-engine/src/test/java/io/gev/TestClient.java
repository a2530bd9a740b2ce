package io.gev;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain blocking-style TCP client over a non-blocking {@link SocketChannel}, with read timeouts. */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final SocketChannel channel;
    private final Selector selector;

    private TestClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static TestClient connect(int port) throws IOException {
        return connect(null, port);
    }

    /** Connects to 127.0.0.1:{@code port}, from {@code sourceAddress} when not null (any 127.x.y.z works on Linux). */
    static TestClient connect(String sourceAddress, int port) throws IOException {
        return connect(sourceAddress, port, 0);
    }

    /** Like {@link #connect(String, int)} with a small SO_RCVBUF when {@code receiveBuffer > 0}, to make the server queue. */
    static TestClient connect(String sourceAddress, int port, int receiveBuffer) throws IOException {
        SocketChannel ch = SocketChannel.open();
        if (receiveBuffer > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (sourceAddress != null) {
            ch.bind(new InetSocketAddress(sourceAddress, 0));
        }
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        return new TestClient(ch);
    }

    void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] data, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data, off, len);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("write timed out");
                }
                Thread.onSpinWait();
                sleepQuietly(1);
            }
        }
    }

    /** Reads exactly {@code n} bytes or fails (end of stream or timeout). */
    byte[] readExactly(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int got = readSome(buf, TIMEOUT);
            if (got < 0) {
                throw new EOFException("end of stream after " + buf.position() + " of " + n + " bytes");
            }
            if (got == 0) {
                throw new SocketTimeoutException("nothing within " + TIMEOUT + " after " + buf.position() + " of " + n
                        + " bytes");
            }
        }
        return buf.array();
    }

    String readString(int n) throws IOException {
        return new String(readExactly(n), StandardCharsets.UTF_8);
    }

    /** Reads whatever arrives within {@code wait}: the count, 0 on timeout, -1 at end of stream. */
    int readSome(ByteBuffer into, Duration wait) throws IOException {
        int n = channel.read(into);
        if (n != 0) {
            return n;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            n = channel.read(into);
            if (n != 0) {
                return n;
            }
        }
    }

    /** Reads until end of stream; fails on timeout. Returns every byte read. */
    byte[] readToEnd() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buf.clear();
            int n = readSome(buf, TIMEOUT);
            if (n < 0) {
                return out.toByteArray();
            }
            if (n == 0) {
                throw new SocketTimeoutException("no end of stream within " + TIMEOUT + " after " + out.size() + " bytes");
            }
            out.write(buf.array(), 0, n);
        }
    }

    /** Whether the server closed the connection (end of stream seen) within {@code wait}; data is discarded. */
    boolean awaitEndOfStream(Duration wait) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            buf.clear();
            try {
                if (readSome(buf, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) < 0) {
                    return true;
                }
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
