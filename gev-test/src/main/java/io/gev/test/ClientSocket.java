package io.gev.test;

import io.gev.Frame;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * A {@link GevTestClient}'s connected socket and its framing: bytes out, and reads bounded by a deadline whose bytes
 * become frames. Not thread safe.
 */
final class ClientSocket {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ClientFraming framing;
    private final byte[] readBuffer = new byte[64 * 1024];

    private ClientSocket(Socket socket, ClientFraming framing) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.framing = framing;
    }

    /**
     * Connects to {@code address} within {@code timeout} and, for a WebSocket, upgrades on {@code webSocketPath}
     * within it too; frames that came with the upgrade's answer go to {@code received}.
     *
     * @throws UncheckedIOException when the server cannot be reached or does not answer in time
     * @throws IllegalStateException when the server refuses the WebSocket upgrade
     */
    static ClientSocket open(InetSocketAddress address, ClientFraming framing, String webSocketPath, Duration timeout,
            Collection<Frame> received) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            ClientSocket client = new ClientSocket(socket, framing);
            if (framing instanceof WebSocketClientFraming ws) {
                client.send(ws.upgradeRequest(address.getHostString() + ":" + address.getPort(), webSocketPath));
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!ws.isUpgraded()) {
                    if (!client.readSome(deadline, received)) {
                        throw new EOFException("the server closed the connection before it answered the upgrade");
                    }
                }
            }
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Sends {@code bytes} as they are. */
    void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code message} framed. */
    void sendFramed(Object message) {
        send(framing.pack(message));
    }

    /**
     * Reads what arrives before {@code deadline} and adds the frames it completes to {@code received}; returns false
     * at the end of stream.
     *
     * @throws UncheckedIOException with a {@link SocketTimeoutException} when nothing came in time
     */
    boolean readSome(long deadline, Collection<Frame> received) {
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("nothing received in time");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            int n = in.read(readBuffer);
            if (n < 0) {
                return false;
            }
            received.addAll(framing.unpack(Arrays.copyOf(readBuffer, n), this::send));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Half-closes. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket's local port. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Closes the socket; a WebSocket client that has not seen the server's close sends its own first. */
    void close() {
        try {
            if (framing instanceof WebSocketClientFraming ws && ws.closeCode() == null && !socket.isOutputShutdown()) {
                out.write(ws.close(1000));
            }
        } catch (IOException e) {
            // closing anyway
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
