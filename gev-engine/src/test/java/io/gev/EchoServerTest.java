package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EchoServerTest {

    static GevServer echo(int loops) {
        GevServer server = GevServer.builder((conn, ctx, data) -> data).address("127.0.0.1", 0).loops(loops).build();
        server.start();
        return server;
    }

    @Test
    void echoesBytesAndReportsStats() throws Exception {
        try (GevServer server = echo(2); TestClient client = TestClient.connect(server.port())) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
            client.write("hello gev");
            assertThat(client.readString(9)).isEqualTo("hello gev");
            await().until(() -> server.stats().bytesWritten() == 9);
            assertThat(server.stats().bytesRead()).isEqualTo(9);
            assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void thousandConcurrentConnectionsEchoVerifiedRandomPayloads() throws Exception {
        int connections = 1000;
        try (GevServer server = echo(4)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(10_000);
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                    sockets.add(s);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == connections);

                int workers = 16;
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                List<Future<Long>> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    List<Socket> mine = new ArrayList<>();
                    for (int i = w; i < connections; i += workers) {
                        mine.add(sockets.get(i));
                    }
                    long seed = w;
                    results.add(pool.submit(() -> exchange(mine, new Random(seed), 3)));
                }
                long verified = 0;
                for (Future<Long> f : results) {
                    verified += f.get();
                }
                pool.shutdown();
                assertThat(verified).isEqualTo(connections * 3L);
                // a loop counts a write just after the syscall that woke the reader: wait for the count to catch up
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(server.stats().bytesWritten()).isEqualTo(server.stats().bytesRead()));
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            await().until(() -> server.connectionCount() == 0);
            assertThat(server.stats().connectionsClosed()).isEqualTo(connections);
        }
    }

    /** Writes a random payload on every socket, then reads each echo back and compares; returns the count verified. */
    private static long exchange(List<Socket> sockets, Random random, int rounds) throws IOException {
        long verified = 0;
        for (int round = 0; round < rounds; round++) {
            List<byte[]> sent = new ArrayList<>();
            for (Socket s : sockets) {
                byte[] payload = new byte[1 + random.nextInt(16 * 1024)];
                random.nextBytes(payload);
                OutputStream out = s.getOutputStream();
                out.write(payload);
                out.flush();
                sent.add(payload);
            }
            for (int i = 0; i < sockets.size(); i++) {
                byte[] expected = sent.get(i);
                byte[] got = new byte[expected.length];
                new DataInputStream(sockets.get(i).getInputStream()).readFully(got);
                assertThat(got).isEqualTo(expected);
                verified++;
            }
        }
        return verified;
    }

    @Test
    void handlerExceptionClosesOnlyItsConnection() throws Exception {
        Handler handler = (conn, ctx, data) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            if (text.equals("boom")) {
                throw new IllegalStateException("handler failure on purpose");
            }
            return data;
        };
        try (GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).build()) {
            server.start();
            try (TestClient victim = TestClient.connect(server.port());
                 TestClient bystander = TestClient.connect(server.port())) {
                bystander.write("before");
                assertThat(bystander.readString(6)).isEqualTo("before");
                victim.write("boom");
                assertThat(victim.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
                bystander.write("after");
                assertThat(bystander.readString(5)).isEqualTo("after");
                assertThat(server.stats().handlerErrors()).isEqualTo(1);
                victim.close(); // the server half-closed and waits for the peer to close, as clients do at end of stream
                await().until(() -> server.connectionCount() == 1);
            }
        }
    }

    @Test
    void protocolErrorClosesOnlyItsConnectionAfterEarlierReplies() throws Exception {
        GevServer server = GevServer.builder((conn, ctx, data) -> data)
                .address("127.0.0.1", 0).loops(1).protocol(new LengthPrefixProtocol(1024)).build();
        server.start();
        try (server; TestClient bad = TestClient.connect(server.port());
             TestClient good = TestClient.connect(server.port())) {
            byte[] ok = LengthPrefixProtocol.frame("ok".getBytes(StandardCharsets.UTF_8));
            byte[] oversized = java.nio.ByteBuffer.allocate(4).putInt(1 << 30).array();
            byte[] both = new byte[ok.length + oversized.length];
            System.arraycopy(ok, 0, both, 0, ok.length);
            System.arraycopy(oversized, 0, both, ok.length, oversized.length);
            bad.write(both);
            assertThat(bad.readToEnd()).isEqualTo(ok);
            good.write(ok);
            assertThat(good.readExactly(ok.length)).isEqualTo(ok);
            assertThat(server.stats().protocolErrors()).isEqualTo(1);
        }
    }

    @Test
    void bindFailureNamesTheAddress() {
        try (GevServer first = echo(1)) {
            GevServer second = GevServer.builder((c, x, d) -> d).address("127.0.0.1", first.port()).loops(1).build();
            assertThatThrownBy(second::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
            assertThat(second.isRunning()).isFalse();
        }
    }
}
