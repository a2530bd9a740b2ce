package io.gev;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Random;

/**
 * Plain blocking sockets for the stress tests, which hold thousands of connections at once: one file descriptor each
 * (a {@link TestClient} also holds a selector's), every read bounded by {@link #TIMEOUT}.
 */
final class BlockingClients {

    /** Longest wait for a connect or a read: generous, for a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BlockingClients() {
    }

    /** Connects to 127.0.0.1:{@code port} with TCP_NODELAY and the read timeout. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code size} random bytes. */
    static byte[] payload(Random random, int size) {
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        return payload;
    }

    /** Writes {@code payload} and checks that exactly it comes back. */
    static void echo(Socket socket, byte[] payload) throws IOException {
        socket.getOutputStream().write(payload);
        expect(socket, payload);
    }

    /** Reads {@code expected.length} bytes and fails unless they are {@code expected}. */
    static void expect(Socket socket, byte[] expected) throws IOException {
        byte[] got = socket.getInputStream().readNBytes(expected.length);
        if (got.length < expected.length) {
            throw new EOFException("end of stream after " + got.length + " of " + expected.length + " echoed bytes");
        }
        if (!Arrays.equals(got, expected)) {
            throw new AssertionError("echo of " + expected.length + " bytes differs at byte "
                    + Arrays.mismatch(got, expected));
        }
    }

    /** Reads until end of stream and returns every byte read (a reset or timeout throws). */
    static byte[] readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(out);
        return out.toByteArray();
    }

    /** Closes every socket, ignoring failures: for finally blocks. */
    static void closeAll(Collection<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }
}
