package io.gev.examples;

import io.gev.Connection;
import io.gev.GevServer;
import io.gev.Handler;
import java.time.Duration;

/** The README's quick start: an echo server on the gev engine. */
public class EchoServer implements Handler {

    @Override
    public void onConnect(Connection c) {
        System.out.println("connected: " + c.peerAddress());
    }

    @Override
    public Object onMessage(Connection c, Object ctx, byte[] data) {
        return data; // the reply is packed and written back
    }

    public static GevServer start(String host, int port) {
        GevServer server = GevServer.builder(new EchoServer())
                .address(host, port)
                .loops(0)                            // one loop per core
                .idleTimeout(Duration.ofMinutes(5))
                .build();
        server.start();
        return server;
    }

    public static void main(String[] args) throws InterruptedException {
        GevServer server = start("0.0.0.0", args.length > 0 ? Integer.parseInt(args[0]) : 1833);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.awaitTermination();
    }
}
