package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link GevClient} for {@link ClientUnderFdExhaustionTest} to run in a JVM of its own under a low
 * {@code ulimit -n}: it connects to a listener of its own (which never accepts: the connections wait in its backlog)
 * until a connect fails, prints that failure, closes one connection and, once its socket is closed, connects once
 * more, prints the outcome, and exits.
 */
final class FdLimitedDialer {

    static final String FAILED = "failed after ";
    static final String AGAIN = "once one was closed: ";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FdLimitedDialer() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            GevClient client = GevClient.builder(new Handler() {
                @Override
                public Object onMessage(Connection connection, Object context, byte[] data) {
                    return null;
                }

                @Override
                public void onClose(Connection connection) { // after its socket closed: its descriptor is free
                    closed.complete(null);
                }
            }).loops(1).build();
            List<Connection> held = new ArrayList<>();
            try {
                while (true) {
                    held.add(client.connect(address).get(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
            } catch (ExecutionException e) {
                System.out.println(FAILED + held.size() + ": " + e.getCause() + "; cause " + e.getCause().getCause());
            }
            held.get(0).close();
            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.println(AGAIN + connect(client, address));
            client.close();
        }
        System.exit(0);
    }

    /** The outcome of one connect: "connected true", or its failure. */
    private static String connect(GevClient client, InetSocketAddress address) throws InterruptedException {
        try {
            return "connected " + client.connect(address).get(WAIT.toSeconds(), TimeUnit.SECONDS).isConnected();
        } catch (ExecutionException | TimeoutException e) {
            return e.getCause() == null ? e.toString() : e.getCause().toString();
        }
    }
}
