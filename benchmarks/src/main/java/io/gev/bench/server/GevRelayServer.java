package io.gev.bench.server;

import io.gev.Connection;
import io.gev.GevClient;
import io.gev.GevServer;
import io.gev.Relay;
import io.gev.bench.Arguments;
import java.net.InetSocketAddress;

/**
 * gev's bare relay for the proxy benchmarks: the engine's {@link Relay} and nothing else. Each connection accepted on
 * {@code --port} is relayed to {@code --upstream}, dialled with a {@link GevClient} on the server's own loops, on the
 * client connection's loop, so that a pair never crosses threads; the client is read once its upstream is there.
 *
 * <p>Options: {@code --port 19002 --upstream 127.0.0.1:19001 --loops 1 --probe-port 0} (0: no probe).
 */
public final class GevRelayServer {

    private GevRelayServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        String[] upstream = options.get("upstream", "127.0.0.1:19001").split(":");
        Dialler dialler = new Dialler(new InetSocketAddress(upstream[0], Integer.parseInt(upstream[1])));
        GevServer server = GevServer.builder(dialler)
                .address("127.0.0.1", options.getInt("port", 19002))
                .loops(options.getInt("loops", 1))
                .backlog(4096)
                .build();
        dialler.upstreams = GevClient.builder(new Relay()).loopsOf(server).build(); // before the first client
        server.start();
        int probe = options.getInt("probe-port", 0);
        if (probe > 0) {
            Probe.start(probe, server::connectionCount);
        }
        System.out.println("gev relay server on " + server.localAddress() + " to " + dialler.upstream + ", "
                + server.loopCount() + " loop(s)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.awaitTermination();
    }

    /** The client side: dials the upstream next to each client, and pairs the two once it is connected. */
    private static final class Dialler extends Relay {
        private final InetSocketAddress upstream;
        private GevClient upstreams; // set before the server starts, so every loop sees it

        Dialler(InetSocketAddress upstream) {
            this.upstream = upstream;
        }

        @Override
        public void onConnect(Connection client) {
            client.suspendReading();
            upstreams.connect(upstream, client).whenComplete((up, failure) -> {
                if (failure == null) {
                    Relay.pair(client, up);
                    client.resumeReading();
                } else {
                    client.close();
                }
            });
        }
    }
}
