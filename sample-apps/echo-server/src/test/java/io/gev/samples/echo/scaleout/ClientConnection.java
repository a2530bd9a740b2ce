package io.gev.samples.echo.scaleout;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain TCP client connection from the test JVM, through the balancer to whichever instance it picked. */
final class ClientConnection implements AutoCloseable {

    /** Longest wait for a connect or a read; what takes longer is a failure. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;

    private ClientConnection(Socket socket) {
        this.socket = socket;
    }

    static ClientConnection open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(address, (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new ClientConnection(socket);
    }

    Socket socket() {
        return socket;
    }

    /** This end's address and port, as {@code ip:port}: what a PROXY header names as the client. */
    String endpoint() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Sends {@code text} and returns as many bytes as it sent, read back. */
    String echo(String text) throws IOException {
        byte[] request = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(request);
        byte[] reply = new byte[request.length];
        InputStream in = socket.getInputStream();
        for (int off = 0; off < reply.length;) {
            int n = in.read(reply, off, reply.length - off);
            if (n < 0) {
                throw new EOFException("end of stream after " + off + " of " + reply.length + " bytes");
            }
            off += n;
        }
        return new String(reply, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
