package io.gev.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The load tools' end of one connection's byte path: plaintext in and out, either straight over the socket
 * ({@link #plain}) or through a client {@link TlsWire}. Reads and writes never block. Not thread safe.
 */
abstract class Wire {

    final SocketChannel channel;

    Wire(SocketChannel channel) {
        this.channel = channel;
    }

    /** The socket itself: established at once, nothing of its own to flush. */
    static Wire plain(SocketChannel channel) {
        return new Plain(channel);
    }

    /** Starts the handshake, if there is one: its first flight is written (or waits in {@link #pending()}). */
    abstract void start() throws IOException;

    /** Whether application data can flow: always for plain TCP, once the handshake finished for TLS. */
    abstract boolean established();

    /**
     * Reads what arrived and returns the plaintext it yielded into {@code dst} (0 for none, such as a handshake
     * message), or -1 once the server ended its output. {@code dst} must have room for at least 64 KiB.
     */
    abstract int read(ByteBuffer dst) throws IOException;

    /** Writes plaintext and returns how much of {@code src} it took; 0 while earlier output still waits. */
    abstract int write(ByteBuffer src) throws IOException;

    /** Writes out what waits (TLS records the socket did not take yet); returns whether nothing is left. */
    abstract boolean flush() throws IOException;

    /** Whether output waits for the socket: the caller asks for a write event. */
    abstract boolean pending();

    /** Ends the output (TLS: close_notify first) and keeps the input open for the server's end. */
    abstract void shutdownOutput() throws IOException;

    /** The protocol in use: {@code plain} or the TLS version, such as {@code TLSv1.3}. */
    abstract String protocol();

    /** The TLS cipher suite, or empty for plain TCP. */
    abstract String cipherSuite();

    /** Plain TCP. */
    private static final class Plain extends Wire {

        Plain(SocketChannel channel) {
            super(channel);
        }

        @Override
        void start() {
        }

        @Override
        boolean established() {
            return true;
        }

        @Override
        int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        boolean flush() {
            return true;
        }

        @Override
        boolean pending() {
            return false;
        }

        @Override
        void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        String protocol() {
            return "plain";
        }

        @Override
        String cipherSuite() {
            return "";
        }
    }
}
