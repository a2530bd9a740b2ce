package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A connected socket in memory, under an {@link EmbeddedSocket}'s connection: what the peer sent waits in an input
 * queue until the connection reads it, what the connection writes collects until the peer takes it. Its send buffer
 * holds at most {@link #sendBufferSize} bytes that the peer has not taken (unbounded by default): past that a write
 * takes less or nothing, as a real socket's does when the peer reads slowly. The peer may end its input (end of
 * stream once the queue is read); the connection may shut its output down and close it.
 *
 * <p>Not thread safe: used on its embedded loop's thread only.
 */
final class MemorySocketChannel extends SocketChannel {

    /** The peer's address as the connection sees it. */
    static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);
    /** The connection's own address. */
    static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1833);

    private final RingBuffer input = new RingBuffer();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private long sendBufferSize = Long.MAX_VALUE;
    private boolean inputEnded;
    private boolean outputShutdown;

    MemorySocketChannel() {
        super(MemorySelector.PROVIDER);
    }

    // ------------------------------------------------------------------------------------------------ the peer's side

    /** The peer sends {@code len} bytes of {@code bytes} from {@code off}. */
    void arrive(byte[] bytes, int off, int len) {
        input.write(bytes, off, len);
    }

    /** The peer finished sending: the connection reads the end of stream after what waits. */
    void endInput() {
        inputEnded = true;
    }

    /** Whether a read would return something: bytes, or the end of stream. */
    boolean isReadable() {
        return !input.isEmpty() || inputEnded;
    }

    /** Whether a write would take at least one byte. */
    boolean isWritable() {
        return !outputShutdown && output.size() < sendBufferSize;
    }

    /** Bytes sent by the peer and not read by the connection yet. */
    int unread() {
        return input.length();
    }

    /** The peer takes everything the connection wrote. */
    byte[] take() {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** The most bytes written and not taken by the peer that the socket holds. */
    void sendBufferSize(long bytes) {
        this.sendBufferSize = bytes;
    }

    /** Whether the connection shut its output down (a half-close). */
    boolean isOutputShutdown() {
        return outputShutdown;
    }

    // ------------------------------------------------------------------------------------------------ SocketChannel

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (input.isEmpty()) {
            return inputEnded ? -1 : 0;
        }
        int n = Math.min(dst.remaining(), input.length());
        dst.put(input.readBytes(n));
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (outputShutdown) {
            throw new ClosedChannelException();
        }
        int n = (int) Math.min(src.remaining(), Math.max(0, sendBufferSize - output.size()));
        byte[] bytes = new byte[n];
        src.get(bytes);
        output.write(bytes, 0, n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
            if (srcs[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public SocketChannel shutdownInput() {
        inputEnded = true;
        input.clear();
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        ensureOpen();
        outputShutdown = true;
        return this;
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return PEER;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return LOCAL;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isConnectionPending() {
        return false;
    }

    @Override
    public boolean connect(SocketAddress remote) {
        throw new UnsupportedOperationException("an embedded socket is connected already");
    }

    @Override
    public boolean finishConnect() {
        return true;
    }

    @Override
    public SocketChannel bind(SocketAddress local) {
        throw new UnsupportedOperationException("an embedded socket is bound already");
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) {
        return this; // no kernel socket to tune
    }

    @Override
    public <T> T getOption(SocketOption<T> name) {
        return null;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public Socket socket() {
        throw new UnsupportedOperationException("an embedded socket has no java.net.Socket");
    }

    @Override
    protected void implCloseSelectableChannel() {
        input.clear();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // nothing blocks here
    }
}
