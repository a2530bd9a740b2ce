package io.gev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A one-connection TCP relay in front of a server that passes the client's bytes on one at a time, each in its own
 * segment, and the server's bytes back as they come: every record and header the server reads arrives cut at every
 * byte boundary.
 */
final class DribblingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final Thread thread;

    DribblingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::relay, "dribbling-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void relay() {
        try (Socket client = listener.accept(); Socket server = new Socket()) {
            server.setTcpNoDelay(true);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
            Thread back = new Thread(() -> pump(server, client, false), "dribbling-relay-back");
            back.setDaemon(true);
            back.start();
            pump(client, server, true);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the test sees the effect on its own connection
        }
    }

    private static void pump(Socket from, Socket to, boolean oneByOne) {
        byte[] buffer = new byte[oneByOne ? 1 : 16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // the peer went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
