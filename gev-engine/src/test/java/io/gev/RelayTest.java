package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Relay} between real sockets: a client, the relay server, and an upstream (a gev echo server, or a plain
 * socket the test drives): bytes through and back, TLS on the client's side, half-closes, an upstream that dies.
 */
class RelayTest {

    private static final int HIGH = 256 * 1024;
    private static final long MIB = 1024 * 1024;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A gev echo server on a loop of its own, answering with the bytes it got (a stream handler). */
    static GevServer echoUpstream() {
        GevServer echo = GevServer.builder((StreamHandler) (c, in, out) -> out.write(in)).address("127.0.0.1", 0)
                .loops(1).build();
        echo.start();
        return echo;
    }

    static ServerSocket plainUpstream() throws IOException {
        ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        upstream.setSoTimeout(10_000);
        return upstream;
    }

    static Socket accept(ServerSocket upstream) throws IOException {
        Socket socket = upstream.accept();
        socket.setSoTimeout(20_000);
        return socket;
    }

    /**
     * Writes {@code total} bytes of a hashed stream through the relay on {@code client} (in 64 KiB writes, or of
     * random sizes) and checks that the echo comes back byte for byte.
     */
    private void roundTrip(Socket client, long total, boolean randomSplit) throws Exception {
        HashedStream stream = new HashedStream(total);
        Random random = randomSplit ? new Random(total) : null;
        Future<?> writer = pool.submit(() -> {
            stream.writeTo(client.getOutputStream(), total, 64 * 1024, random, new AtomicLong());
            return null;
        });
        stream.expectFrom(client.getInputStream(), total);
        writer.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} loop, random split: {1}")
    @CsvSource({"same, false", "same, true", "cross, false", "cross, true"})
    void sixtyFourMiBGoThroughAndComeBackByteForByte(String loops, boolean randomSplit) throws Exception {
        boolean same = loops.equals("same");
        try (GevServer echo = echoUpstream();
                RelayFixture relay = same ? RelayFixture.sameLoop(echo.port(), HIGH)
                        : RelayFixture.crossLoop(echo.port(), HIGH);
                Socket client = BlockingClients.connect(relay.port())) {
            roundTrip(client, 64 * MIB, randomSplit);

            assertThat(relay.clientThreads).hasSize(1);
            assertThat(relay.upstreamThreads).hasSize(1);
            if (same) {
                assertThat(relay.upstreamThreads).as("upstream on its client's loop").isEqualTo(relay.clientThreads);
            } else {
                assertThat(relay.upstreamThreads).as("upstream on a loop of its own")
                        .doesNotContainAnyElementsOf(relay.clientThreads);
            }
            assertThat(relay.maxQueued.get()).isLessThanOrEqualTo(HIGH + RelayFixture.ONE_READ);
            assertThat(relay.server.stats().bytesRead()).isEqualTo(64 * MIB);
            assertThat(relay.server.stats().bytesWritten()).isEqualTo(64 * MIB);
        }
    }

    @Test
    void relaysForATlsClientToAPlainUpstream() throws Exception {
        TlsOptions tls = TlsServerTest.options().build();
        try (GevServer echo = echoUpstream(); RelayFixture relay = RelayFixture.tls(echo.port(), HIGH, tls);
                SSLSocket client = TlsServerTest.connect(TestPki.shared().clientContext(), relay.port())) {
            roundTrip(client, 4 * MIB, true);
            assertThat(relay.server.stats().tlsHandshakes()).isEqualTo(1);
            assertThat(relay.upstreams.stats().bytesWritten()).as("plaintext to the upstream").isEqualTo(4 * MIB);
        }
    }

    @Test
    void theClientHalfClosesFirstAndTheUpstreamStillAnswers() throws Exception {
        try (ServerSocket upstream = plainUpstream();
                RelayFixture relay = RelayFixture.sameLoop(upstream.getLocalPort(), HIGH);
                Socket client = BlockingClients.connect(relay.port()); Socket up = accept(upstream)) {
            client.getOutputStream().write(ascii("request"));
            client.shutdownOutput();
            assertThat(up.getInputStream().readAllBytes()).as("the request, then end of stream")
                    .isEqualTo(ascii("request"));

            up.getOutputStream().write(ascii("late answer"));
            assertThat(client.getInputStream().readNBytes(11)).isEqualTo(ascii("late answer"));
            up.shutdownOutput();
            assertThat(client.getInputStream().read()).as("end of stream after the answer").isEqualTo(-1);
            await().until(() -> relay.server.connectionCount() == 0
                    && relay.upstreams.stats().connectionsClosed() == 1);
        }
    }

    @Test
    void theUpstreamHalfClosesFirstAndTheClientStillSends() throws Exception {
        try (ServerSocket upstream = plainUpstream(); RelayFixture relay = RelayFixture.crossLoop(
                upstream.getLocalPort(), HIGH); Socket client = BlockingClients.connect(relay.port());
                Socket up = accept(upstream)) {
            up.getOutputStream().write(ascii("banner"));
            up.shutdownOutput();
            assertThat(client.getInputStream().readAllBytes()).as("the banner, then end of stream")
                    .isEqualTo(ascii("banner"));

            client.getOutputStream().write(ascii("still talking"));
            assertThat(up.getInputStream().readNBytes(13)).isEqualTo(ascii("still talking"));
            client.shutdownOutput();
            assertThat(up.getInputStream().read()).as("end of stream after the request").isEqualTo(-1);
            await().until(() -> relay.server.connectionCount() == 0
                    && relay.upstreams.stats().connectionsClosed() == 1);
        }
    }

    @ParameterizedTest(name = "{0} loop")
    @CsvSource({"same", "cross"})
    void anUpstreamThatDiesMidStreamClosesTheClientAfterWhatWasRelayed(String loops) throws Exception {
        int size = 512 * 1024;
        byte[] sent = BlockingClients.payload(new Random(7), size);
        try (ServerSocket upstream = plainUpstream(); RelayFixture relay = loops.equals("same")
                ? RelayFixture.sameLoop(upstream.getLocalPort(), 2 * size)
                : RelayFixture.crossLoop(upstream.getLocalPort(), 2 * size);
                Socket client = BlockingClients.connect(relay.port()); Socket up = accept(upstream)) {
            up.getOutputStream().write(sent); // the client reads nothing yet: the relay holds what its socket won't
            await().until(() -> relay.upstreams.stats().bytesRead() == size);
            up.setSoLinger(true, 0);
            up.close(); // a reset: the upstream is gone

            assertThat(BlockingClients.readToEnd(client)).as("everything relayed before, then end of stream")
                    .isEqualTo(sent);
            await().until(() -> relay.server.connectionCount() == 0);
            assertThat(relay.upstreams.stats().ioErrors()).isEqualTo(1);
        }
    }

    @Test
    void aSideReadBeforeItIsPairedRelaysItsBytesOncePaired() throws Exception {
        Unpaired relay = new Unpaired();
        GevServer server = GevServer.builder(relay).address("127.0.0.1", 0).loops(1).build();
        server.start();
        try (server; Socket first = BlockingClients.connect(server.port());
                Socket second = BlockingClients.connect(server.port())) {
            first.getOutputStream().write(ascii("early bytes"));
            await().until(() -> relay.sides.size() == 2 && relay.sides.get(0).readBufferLength() == 11);

            Relay.pair(relay.sides.get(0), relay.sides.get(1));
            assertThat(second.getInputStream().readNBytes(11)).isEqualTo(ascii("early bytes"));
            second.getOutputStream().write(ascii("and back"));
            assertThat(first.getInputStream().readNBytes(8)).isEqualTo(ascii("and back"));
        }
    }

    /** A relay whose sides the test pairs: the first two connections, once both are there. */
    private static final class Unpaired extends Relay {
        final List<Connection> sides = new CopyOnWriteArrayList<>();

        @Override
        public void onConnect(Connection connection) {
            sides.add(connection);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
