package io.gev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** A UDP client on a non-blocking {@link DatagramChannel} bound to 127.0.0.1, with receive timeouts. */
final class DatagramClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    private DatagramClient(DatagramChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** A client on an ephemeral port of 127.0.0.1. */
    static DatagramClient open() throws IOException {
        return open(0);
    }

    /** Like {@link #open()} with SO_RCVBUF set when {@code receiveBuffer > 0}, to hold a burst of replies. */
    static DatagramClient open(int receiveBuffer) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        if (receiveBuffer > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        return new DatagramClient(ch);
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Sends {@code data} as one datagram to 127.0.0.1:{@code port}, waiting while the socket has no room (which an
     * empty datagram, whose send also returns 0, never waits for).
     */
    void send(int port, byte[] data) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(data);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (channel.send(out, to) == 0 && data.length > 0) {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("send timed out");
            }
            Thread.onSpinWait();
        }
    }

    void send(int port, String text) throws IOException {
        send(port, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next datagram and its sender, or fails after {@link #TIMEOUT}. */
    Received receive() throws IOException {
        Received r = receive(TIMEOUT);
        if (r == null) {
            throw new SocketTimeoutException("no datagram within " + TIMEOUT);
        }
        return r;
    }

    /** The next datagram and its sender, or null when none arrived within {@code wait}. */
    Received receive(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from != null) {
                return new Received(Arrays.copyOf(in.array(), in.position()), from);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    /** The text of the next datagram, or fails after {@link #TIMEOUT}. */
    String receiveString() throws IOException {
        return receive().text();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }

    /** A datagram received: its bytes and who sent it. */
    record Received(byte[] data, SocketAddress sender) {

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }
}
