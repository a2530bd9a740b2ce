package io.gev;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relay server for the relay tests: every client connection on its port is relayed with a {@link Relay} to the
 * upstream, which is dialled on the client's own loop ({@link #sameLoop}) or on a loop of the upstream client's own
 * ({@link #crossLoop}). It records the threads each side was opened on, and the most output a relayed read left
 * queued on the other side (exact: measured on that side's loop after every relayed read on one loop, and whenever a
 * side stops being writable).
 */
final class RelayFixture implements AutoCloseable {

    /** What one relayed read may add on top of the high watermark: the loop's read buffer. */
    static final int ONE_READ = LoopBuffers.READ_BUFFER_SIZE;
    /**
     * SO_RCVBUF and SO_SNDBUF of the relay's sockets, fixed: what the kernel holds between a writer and a reader that
     * rests stays a few MiB (a receive buffer left to the kernel grows with a fast relay, to tcp_rmem's maximum, which
     * may be 32 MiB: the writer of a back-pressure test would then not be held at all).
     */
    static final int SOCKET_BUFFER = 128 * 1024;

    final GevServer server;
    final GevClient upstreams;
    /** The loop threads on which client sides and upstream sides opened, in order. */
    final List<String> clientThreads = new CopyOnWriteArrayList<>();
    final List<String> upstreamThreads = new CopyOnWriteArrayList<>();
    final AtomicInteger maxQueued = new AtomicInteger();

    private RelayFixture(InetSocketAddress upstream, boolean sameLoop, int high, TlsOptions tls) {
        GevServer.Builder builder = GevServer.builder(new Dialling(upstream, sameLoop)).address("127.0.0.1", 0)
                .loops(2).writeBufferWatermark(high / 2, high)
                .receiveBufferSize(SOCKET_BUFFER).sendBufferSize(SOCKET_BUFFER);
        if (tls != null) {
            builder.tls(tls);
        }
        server = builder.build();
        server.start();
        GevClient.Builder client = GevClient.builder(new Recording(upstreamThreads))
                .writeBufferWatermark(high / 2, high).receiveBufferSize(SOCKET_BUFFER).sendBufferSize(SOCKET_BUFFER);
        upstreams = (sameLoop ? client.loopsOf(server) : client.loops(1)).build();
    }

    /** Relays to {@code upstreamPort}, each upstream on its client's loop; high watermark {@code high}. */
    static RelayFixture sameLoop(int upstreamPort, int high) {
        return new RelayFixture(local(upstreamPort), true, high, null);
    }

    /** Relays to {@code upstreamPort}, the upstreams on a loop of their own. */
    static RelayFixture crossLoop(int upstreamPort, int high) {
        return new RelayFixture(local(upstreamPort), false, high, null);
    }

    /** Like {@link #sameLoop}, serving its clients over TLS. */
    static RelayFixture tls(int upstreamPort, int high, TlsOptions tls) {
        return new RelayFixture(local(upstreamPort), true, high, tls);
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        upstreams.close();
        server.close();
    }

    /** The relay, recording where each side opened and what a relayed read left queued. */
    private class Recording extends Relay {
        private final List<String> threads;

        Recording(List<String> threads) {
            this.threads = threads;
        }

        @Override
        public void onConnect(Connection connection) {
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onData(Connection connection, io.gev.buffer.RingBuffer in, io.gev.buffer.RingBuffer out) {
            super.onData(connection, in, out);
            TcpConnection other = (TcpConnection) connection.context();
            if (other != null && other.loop().inLoop()) {
                maxQueued.accumulateAndGet(other.writeBufferLength(), Math::max);
            }
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            if (!writable) {
                maxQueued.accumulateAndGet(connection.writeBufferLength(), Math::max);
            }
            super.onWritabilityChanged(connection, writable);
        }
    }

    /** The client side: dials the upstream when a client connects, and pairs the two. */
    private final class Dialling extends Recording {
        private final InetSocketAddress upstream;
        private final boolean sameLoop;

        Dialling(InetSocketAddress upstream, boolean sameLoop) {
            super(clientThreads);
            this.upstream = upstream;
            this.sameLoop = sameLoop;
        }

        @Override
        public void onConnect(Connection client) {
            super.onConnect(client);
            client.suspendReading();
            (sameLoop ? upstreams.connect(upstream, client) : upstreams.connect(upstream))
                    .whenComplete((up, failure) -> {
                        if (failure != null) {
                            client.close();
                        } else {
                            Relay.pair(client, up);
                            client.resumeReading();
                        }
                    });
        }
    }
}
