package io.gev.bench.load;

import io.gev.Connection;
import io.gev.GevClient;
import io.gev.GevServer;
import io.gev.Relay;
import io.gev.StreamHandler;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Heap bytes the engine's {@link Relay} allocates per relayed message, measured on the relay's loop thread itself
 * ({@code ThreadMXBean.getThreadAllocatedBytes}), with both sides of each pair on that one loop: an in-process gev echo
 * server as the upstream, a relay server of one loop whose upstreams are dialled next to their clients, and 10 blocking
 * clients in ping-pong. One warm-up pass, then the measured one. Prints one line.
 *
 * <p>Arguments: {@code SIZE ROUNDS} (bytes per message, round trips per connection and pass).
 */
public final class RelayAllocation {

    private RelayAllocation() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int conns = 10;
        GevServer echo = GevServer.builder((StreamHandler) (c, in, out) -> out.write(in)).address("127.0.0.1", 0)
                .loops(1).build();
        echo.start();
        InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", echo.port());
        Thread[] loop = new Thread[1];
        GevClient[] upstreams = new GevClient[1];
        Relay dialler = new Relay() {
            @Override
            public void onConnect(Connection client) {
                loop[0] = Thread.currentThread();
                client.suspendReading();
                upstreams[0].connect(upstream, client).whenComplete((up, failure) -> {
                    Relay.pair(client, up);
                    client.resumeReading();
                });
            }
        };
        GevServer relay = GevServer.builder(dialler).address("127.0.0.1", 0).loops(1).build();
        relay.start();
        upstreams[0] = GevClient.builder(new Relay()).loopsOf(relay).build();
        Socket[] sockets = new Socket[conns];
        for (int i = 0; i < conns; i++) {
            sockets[i] = new Socket("127.0.0.1", relay.port());
            sockets[i].setTcpNoDelay(true);
        }
        byte[] message = new byte[size];
        byte[] back = new byte[size];
        pingPong(sockets, message, back, rounds);   // warm-up: the JIT, and every buffer made
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(loop[0].getId());
        long wall = System.nanoTime();
        pingPong(sockets, message, back, rounds);
        long allocated = threads.getThreadAllocatedBytes(loop[0].getId()) - before;
        wall = System.nanoTime() - wall;
        long messages = (long) rounds * conns;
        System.out.printf("%d B ping-pong through the relay, %d connections: %,d round trips (%,d relayed reads)"
                + " in %.1f s; the relay's loop thread allocated %,d B: %.4f B per round trip%n", size, conns, messages,
                2 * messages, wall / 1e9, allocated, (double) allocated / messages);
        for (Socket s : sockets) {
            s.close();
        }
        upstreams[0].close();
        relay.stop();
        echo.stop();
    }

    private static void pingPong(Socket[] sockets, byte[] message, byte[] back, int rounds) throws Exception {
        for (int r = 0; r < rounds; r++) {
            for (Socket s : sockets) {
                s.getOutputStream().write(message);
            }
            for (Socket s : sockets) {
                if (s.getInputStream().readNBytes(back, 0, back.length) != back.length) {
                    throw new IllegalStateException("end of stream");
                }
            }
        }
    }
}
