package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link GevClient}: dialling onto a server's loops or the client's own, timeouts, refusals, reconnection. */
class GevClientTest {

    /** Keeps what a client connection hears. */
    static final class Recorder implements Handler {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final List<String> connectedOn = new CopyOnWriteArrayList<>();
        final List<Connection> closed = new CopyOnWriteArrayList<>();

        @Override
        public void onConnect(Connection connection) {
            connectedOn.add(Thread.currentThread().getName());
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            messages.add(new String(data, StandardCharsets.US_ASCII));
            return null;
        }

        @Override
        public void onClose(Connection connection) {
            closed.add(connection);
        }

        String next() throws InterruptedException {
            return messages.poll(10, TimeUnit.SECONDS);
        }
    }

    static GevServer echoServer() {
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(2).build();
        server.start();
        return server;
    }

    static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void aClientOnAServersLoopsTalksToAnotherServer() throws Exception {
        Recorder recorder = new Recorder();
        try (GevServer upstream = echoServer(); GevServer host = echoServer()) {
            GevClient client = GevClient.builder(recorder).loopsOf(host).build();
            Connection c = client.connect(local(upstream.port())).get(5, TimeUnit.SECONDS);
            c.send("hello upstream");
            assertThat(recorder.next()).isEqualTo("hello upstream");
            assertThat(recorder.connectedOn).singleElement().asString().startsWith("gev-loop-");
            assertThat(client.stats().connectionsAccepted()).isEqualTo(1);
            assertThat(client.stats().bytesWritten()).isEqualTo(14);
            assertThat(host.stats().bytesWritten()).as("the host server's own totals").isZero();
            assertThat(host.connectionCount()).isZero();
            client.close();
            await().until(() -> recorder.closed.size() == 1);
            assertThat(client.stats().connectionsClosed()).isEqualTo(1);
        }
    }

    @Test
    void connectNearAConnectionDialsOnItsLoop() throws Exception {
        Recorder upstreamSide = new Recorder();
        BlockingQueue<String> downstreamLoops = new LinkedBlockingQueue<>();
        CompletableFuture<GevClient> clientRef = new CompletableFuture<>();
        try (GevServer upstream = echoServer()) {
            Handler host = new Handler() {
                @Override
                public void onConnect(Connection downstream) {
                    downstreamLoops.add(Thread.currentThread().getName());
                    clientRef.join().connect(local(upstream.port()), downstream);
                }

                @Override
                public Object onMessage(Connection connection, Object context, byte[] data) {
                    return null;
                }
            };
            try (GevServer server = GevServer.builder(host).address("127.0.0.1", 0).loops(4).build()) {
                server.start();
                clientRef.complete(GevClient.builder(upstreamSide).loopsOf(server).build());
                for (int i = 0; i < 4; i++) {
                    try (Socket s = new Socket("127.0.0.1", server.port())) {
                        String loop = downstreamLoops.poll(5, TimeUnit.SECONDS);
                        await().until(() -> upstreamSide.connectedOn.size() == 1);
                        assertThat(upstreamSide.connectedOn.remove(0)).isEqualTo(loop);
                    }
                }
            }
        }
    }

    @Test
    void aClientWithLoopsOfItsOwnTalksToAPlainSocketAndStopsThem() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            GevClient client = GevClient.builder(recorder).loops(2).build();
            CompletableFuture<Connection> f = client.connect(local(peer.getLocalPort()));
            try (Socket accepted = peer.accept()) {
                accepted.getOutputStream().write("from the peer".getBytes(StandardCharsets.US_ASCII));
                assertThat(recorder.next()).isEqualTo("from the peer");
                f.get(5, TimeUnit.SECONDS).send("from gev");
                byte[] got = new byte[8];
                accepted.setSoTimeout(5000);
                new java.io.DataInputStream(accepted.getInputStream()).readFully(got);
                assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("from gev");
                assertThat(recorder.connectedOn).singleElement().asString().startsWith("gev-client-loop-");
                client.close();
                assertThat(accepted.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("gev-client-loop"));
        }
    }

    @Test
    void theClientsSocketsGetTheBufferSizesItWasGiven() throws Exception {
        int size = 48 * 1024; // Linux reports twice what was set; its defaults here are other sizes
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                GevClient client = GevClient.builder(new Recorder()).receiveBufferSize(size).sendBufferSize(size)
                        .build()) {
            TcpConnection connection = (TcpConnection) client.connect(local(peer.getLocalPort())).get(5,
                    TimeUnit.SECONDS);
            try (Socket accepted = peer.accept()) {
                SocketChannel socket = connection.transport().socket().channel();
                assertThat(socket.getOption(StandardSocketOptions.SO_RCVBUF)).isBetween(size, 2 * size);
                assertThat(socket.getOption(StandardSocketOptions.SO_SNDBUF)).isBetween(size, 2 * size);
            }
        }
        assertThatThrownBy(() -> GevClient.builder(new Recorder()).receiveBufferSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receiveBufferSize");
    }

    @Test
    void aRefusedConnectFailsTheFuture() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GevClient client = GevClient.builder(new Recorder()).build();
        try {
            CompletableFuture<Connection> f = client.connect(local(closedPort));
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ConnectException.class);
            assertThat(client.stats().ioErrors()).isEqualTo(1);
            await().until(() -> client.activeConnectors() == 0); // a failed dial leaves nothing behind
        } finally {
            client.close();
        }
    }

    @Test
    void aConnectThatHangsTimesOut() throws Exception {
        // a listener whose accept queue is full drops further SYNs, so a connect to it hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<SocketChannel> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(full.getLocalSocketAddress());
                    queued.add(ch);
                }
                GevClient client = GevClient.builder(new Recorder()).connectTimeout(Duration.ofMillis(300)).build();
                try {
                    long start = System.nanoTime();
                    CompletableFuture<Connection> f = client.connect(full.getLocalSocketAddress());
                    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                            SocketTimeoutException.class);
                    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
                } finally {
                    client.close();
                }
            } finally {
                for (SocketChannel ch : queued) {
                    ch.close();
                }
            }
        }
    }

    @Test
    void reconnectsWithBackoffAfterThePeerGoesAway() throws Exception {
        Recorder recorder = new Recorder();
        GevServer first = echoServer();
        int port = first.port();
        GevClient client = GevClient.builder(recorder).reconnect(Duration.ofMillis(50), Duration.ofMillis(400))
                .build();
        try {
            Connection c1 = client.connect(local(port)).get(5, TimeUnit.SECONDS);
            c1.send("one");
            assertThat(recorder.next()).isEqualTo("one");
            first.stop(); // the peer goes away; connects are refused for a while
            await().until(() -> recorder.closed.size() == 1);
            await().until(() -> client.stats().ioErrors() >= 2); // refused attempts, with backoff between them
            GevServer second = GevServer.builder((c, x, d) -> d).address("127.0.0.1", port).loops(1).build();
            second.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> recorder.connectedOn.size() == 2);
                await().until(() -> second.connectionCount() == 1);
                assertThat(client.stats().connectionsAccepted()).isEqualTo(2);
            } finally {
                second.stop();
            }
        } finally {
            client.close();
        }
    }

    @Test
    void anExplicitCloseIsNotFollowedByAReconnect() throws Exception {
        Recorder recorder = new Recorder();
        try (GevServer server = echoServer()) {
            GevClient client = GevClient.builder(recorder).reconnect(Duration.ofMillis(20), Duration.ofMillis(50))
                    .build();
            try {
                Connection c = client.connect(local(server.port())).get(5, TimeUnit.SECONDS);
                c.close();
                await().until(() -> recorder.closed.size() == 1);
                // a connector that will dial again keeps its place; this one is done
                await().until(() -> client.activeConnectors() == 0);
                assertThat(recorder.connectedOn).hasSize(1);
                assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void suspendedReadingHoldsMessagesBackUntilResumed() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        List<Connection> connections = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                c.suspendReading();
                connections.add(c);
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                got.add(new String(data, StandardCharsets.US_ASCII));
                return data;
            }
        };
        try (GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).build()) {
            server.start();
            try (TestClient client = TestClient.connect(server.port())) {
                client.write("held");
                await().until(() -> connections.size() == 1);
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                        .until(() -> got.isEmpty() && server.stats().bytesRead() == 0);
                connections.get(0).resumeReading();
                assertThat(client.readString(4)).isEqualTo("held");
                assertThat(got).containsExactly("held");
            }
        }
    }

    @Test
    void connectingNeedsARunningServerAndANearConnectionOfItsLoops() throws Exception {
        GevServer notStarted = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).build();
        GevClient onServer = GevClient.builder(new Recorder()).loopsOf(notStarted).build();
        assertThatThrownBy(() -> onServer.connect(local(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        Recorder recorder = new Recorder();
        GevClient a = GevClient.builder(recorder).build();
        GevClient b = GevClient.builder(new Recorder()).build();
        try (GevServer server = echoServer()) {
            Connection ofA = a.connect(local(server.port())).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> b.connect(local(server.port()), ofA))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a connection on");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void tlsToATlsServerWithTheServersNameCheckedAndAClientCertificateWhenAsked() throws Exception {
        TestPki pki = TestPki.shared();
        Recorder recorder = new Recorder();
        try (GevServer server = GevServer.builder(new TlsClientAuthTest.WhoAmI()).address("127.0.0.1", 0).loops(1)
                .tls(TlsOptions.builder(pki.context(pki.server("gev-server"))).clientAuth(ClientAuth.NEED).build())
                .build()) {
            server.start();
            GevClient client = GevClient.builder(recorder)
                    .tls(TlsOptions.builder(pki.context(pki.client("gev-client"))).build()).build();
            try {
                Connection c = client.connect(local(server.port())).get(10, TimeUnit.SECONDS);
                assertThat(c.sslSession().getProtocol()).isEqualTo("TLSv1.3");
                c.send("?");
                assertThat(recorder.next()).isEqualTo("CN=gev-client\n");
                assertThat(server.stats().tlsHandshakes()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustFailsTheConnect() throws Exception {
        TestPki pki = TestPki.shared();
        Recorder recorder = new Recorder();
        try (GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1)
                .tls(TlsOptions.builder(pki.context(pki.stranger("self-signed"))).build()).build()) {
            server.start();
            GevClient client = GevClient.builder(recorder).tls(TlsOptions.builder(pki.clientContext()).build())
                    .build();
            try {
                CompletableFuture<Connection> f = client.connect(local(server.port()));
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
                assertThat(recorder.connectedOn).isEmpty();
                assertThat(client.stats().tlsErrors()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }
}
