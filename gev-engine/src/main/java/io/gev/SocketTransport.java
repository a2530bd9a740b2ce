package io.gev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSession;

/**
 * A connection's socket as a {@link Transport}: bytes go straight through, counted as read and written on the loop.
 * Not thread safe, but in loop.
 */
final class SocketTransport extends Transport {

    private final SocketChannel channel;
    private final LoopCounters counters;

    SocketTransport(SocketChannel channel, LoopCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    /** The socket: the connection registers it, closes it, and reads what it drops from it directly. Thread safe. */
    SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst);
        if (n > 0) {
            counters.add(LoopCounters.BYTES_READ, n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long n = channel.read(dsts, offset, length);
        if (n > 0) {
            counters.add(LoopCounters.BYTES_READ, n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = channel.write(src);
        counters.add(LoopCounters.BYTES_WRITTEN, n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = channel.write(srcs, offset, length);
        counters.add(LoopCounters.BYTES_WRITTEN, n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    boolean isEstablished() {
        return true;
    }

    @Override
    int pendingBytes() {
        return 0;
    }

    @Override
    boolean flush() {
        return true;
    }

    @Override
    boolean inputEnded() {
        return false;
    }

    @Override
    boolean hasBufferedInput() {
        return false;
    }

    @Override
    boolean holdsPartialInput() {
        return false;
    }

    @Override
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    SSLSession session() {
        return null;
    }

    @Override
    SocketTransport socket() {
        return this;
    }
}
