package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A flood of connections five times over {@code maxConnections}, opened as fast as several threads can: exactly the
 * limit is served (each echoing a verified payload), every other connection gets the refusal message and then a clean
 * end of stream (no reset), the refusals are counted, and once the flood ends the server serves new clients again.
 */
class ConnectionFloodTest {

    private static final int MAX_CONNECTIONS = 1000;
    private static final int CLIENTS = 5000;
    private static final int CLIENT_THREADS = 8;
    private static final byte[] GOODBYE = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    /** How one flood connection ended up. */
    private enum Outcome { SERVED, REFUSED, RESET }

    @Test
    void fiveTimesTheLimitIsServedUpToTheLimitAndRefusedPolitelyBeyondIt() throws Exception {
        // client and server ends of every connection, refused ones included, live in this JVM at once
        assumeTrue(ProcFs.isAvailable() && ProcFs.openFileLimit(ProcFs.ownPid()) >= 2L * CLIENTS + 2000,
                "needs /proc and an open files limit of at least " + (2 * CLIENTS + 2000));
        CountingEcho echo = new CountingEcho();
        GevServer server = GevServer.builder(echo).address("127.0.0.1", 0).loops(2)
                .maxConnections(MAX_CONNECTIONS).refusalMessage(GOODBYE).build();
        server.start();
        Set<Socket> open = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (server) {
            long started = System.nanoTime();
            List<Future<int[]>> tallies = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int share = CLIENTS / CLIENT_THREADS + (t < CLIENTS % CLIENT_THREADS ? 1 : 0);
                long seed = t;
                tallies.add(clients.submit(() -> flood(server.port(), share, new Random(seed), open)));
            }
            int[] outcomes = new int[Outcome.values().length];
            for (Future<int[]> tally : tallies) {
                int[] some = tally.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < outcomes.length; i++) {
                    outcomes[i] += some[i];
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("flood: %d connects, %d served, %d refused (%d reset) in %d ms%n", CLIENTS,
                    outcomes[Outcome.SERVED.ordinal()], outcomes[Outcome.REFUSED.ordinal()],
                    outcomes[Outcome.RESET.ordinal()], millis);

            assertThat(outcomes[Outcome.SERVED.ordinal()]).as("served").isEqualTo(MAX_CONNECTIONS);
            assertThat(outcomes[Outcome.REFUSED.ordinal()]).as("refused with the goodbye, then end of stream")
                    .isEqualTo(CLIENTS - MAX_CONNECTIONS);
            assertThat(outcomes[Outcome.RESET.ordinal()]).as("reset instead of a goodbye and end of stream").isZero();
            assertThat(echo.connects.get()).as("onConnect calls").isEqualTo(MAX_CONNECTIONS);
            assertThat(server.connectionCount()).isEqualTo(MAX_CONNECTIONS);
            assertThat(server.stats().connectionsAccepted()).isEqualTo(MAX_CONNECTIONS);
            assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(CLIENTS - MAX_CONNECTIONS);
            assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS_PER_IP)).isZero();

            BlockingClients.closeAll(open);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> echo.closes.get() == MAX_CONNECTIONS);
            assertThat(server.stats().connectionsClosed()).isEqualTo(MAX_CONNECTIONS);
            assertThat(server.stats().handlerErrors()).isZero();
            try (Socket after = BlockingClients.connect(server.port())) {
                BlockingClients.echo(after, "still serving".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(echo.connects.get()).isEqualTo(MAX_CONNECTIONS + 1);
        } finally {
            clients.shutdownNow();
            BlockingClients.closeAll(open);
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Opens {@code count} connections as fast as it can, each sending a payload at once, then reads what each got:
     * served ones keep their socket open (in {@code open}), refused ones are closed. Returns the count per
     * {@link Outcome}.
     */
    private static int[] flood(int port, int count, Random random, Set<Socket> open) throws IOException {
        List<Socket> mine = new ArrayList<>(count);
        List<byte[]> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = BlockingClients.connect(port);
            open.add(socket);
            mine.add(socket);
            byte[] payload = BlockingClients.payload(random, 1 + random.nextInt(256));
            payload[0] = 'P'; // tells an echo from the goodbye by its first byte
            socket.getOutputStream().write(payload);
            payloads.add(payload);
        }
        int[] outcomes = new int[Outcome.values().length];
        for (int i = 0; i < count; i++) {
            Outcome outcome = outcome(mine.get(i), payloads.get(i));
            outcomes[outcome.ordinal()]++;
            if (outcome != Outcome.SERVED) {
                mine.get(i).close();
                open.remove(mine.get(i));
            }
        }
        return outcomes;
    }

    /** Reads one flood connection's answer: the echo of {@code payload}, or the goodbye followed by end of stream. */
    private static Outcome outcome(Socket socket, byte[] payload) throws IOException {
        try {
            int first = socket.getInputStream().read();
            if (first == payload[0]) {
                BlockingClients.expect(socket, Arrays.copyOfRange(payload, 1, payload.length));
                return Outcome.SERVED;
            }
            byte[] rest = BlockingClients.readToEnd(socket);
            byte[] answer = new byte[rest.length + 1];
            answer[0] = (byte) first;
            System.arraycopy(rest, 0, answer, 1, rest.length);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).as("what a refused connection reads")
                    .isEqualTo(new String(GOODBYE, StandardCharsets.US_ASCII));
            return Outcome.REFUSED;
        } catch (SocketException reset) {
            return Outcome.RESET;
        }
    }
}
