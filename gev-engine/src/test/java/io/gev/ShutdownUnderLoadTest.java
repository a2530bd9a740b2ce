package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.codec.DelimiterProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server mid-stream loses no reply: clients pipeline numbered requests as fast as they can, the server is
 * stopped, and every request the handler saw has its reply on the client's side, in order, once; nothing else does.
 */
class ShutdownUnderLoadTest {

    private volatile boolean readersPaused;

    @Test
    void everyRequestReadBeforeTheDrainIsAnsweredExactlyOnce() throws Exception {
        Map<Connection, List<Integer>> handled = new ConcurrentHashMap<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                handled.put(c, new CopyOnWriteArrayList<>());
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                handled.get(c).add(Integer.parseInt(new String(data, StandardCharsets.US_ASCII)));
                return "ok " + new String(data, StandardCharsets.US_ASCII) + " " + "x".repeat(1000);
            }
        };
        // small watermarks, so that reading is often paused with whole requests already read when the stop comes
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(2)
                .protocol(DelimiterProtocol.lines(1024, false)).writeBufferWatermark(2 * 1024, 8 * 1024)
                .shutdownTimeout(Duration.ofSeconds(10)).build();
        server.start();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
        try {
            List<TestClient> sockets = new ArrayList<>();
            List<Future<List<Integer>>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                TestClient client = TestClient.connect(null, server.port(), 32 * 1024);
                sockets.add(client);
                pool.submit(() -> pipeline(client));
                replies.add(pool.submit(() -> readReplies(client)));
            }
            await().until(() -> handled.values().stream().allMatch(list -> list.size() > 1000));
            // the clients stop reading: replies back up, every connection stops reading with whole requests already
            // read and not yet handled; then the stop comes, and only then do the clients read again
            readersPaused = true;
            await().until(() -> {
                List<ConnectionInfo> open = server.connections(clients);
                return open.size() == clients && open.stream().allMatch(c -> c.writeBufferLength() > 8 * 1024)
                        && open.stream().mapToInt(ConnectionInfo::readBufferLength).sum() > 0;
            });
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            // the drain has run once no connection holds unread input any more (the stop's tasks come first)
            await().until(() -> server.state() == GevServer.State.DRAINING
                    && server.connections(clients).stream().allMatch(c -> c.readBufferLength() == 0));
            readersPaused = false;
            stopped.get(30, TimeUnit.SECONDS);

            int answered = 0;
            List<List<Integer>> seen = new ArrayList<>(handled.values());
            for (Future<List<Integer>> f : replies) {
                List<Integer> got = f.get();
                answered += got.size();
                assertThat(seen).as("the replies of one client are exactly what the server handled for it")
                        .contains(got);
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i)).isEqualTo(i); // in order, none twice, none skipped
                }
            }
            int handledTotal = seen.stream().mapToInt(List::size).sum();
            System.out.printf("shutdown under load: %d requests handled, %d answered, %d clients%n", handledTotal,
                    answered, clients);
            assertThat(answered).isEqualTo(handledTotal).isPositive();
            // and every whole request the server read was handled: what it read beyond them is at most one partial
            // line per connection (a request cut by the stop)
            long handledBytes = 0;
            for (List<Integer> perClient : seen) {
                for (int seq : perClient) {
                    handledBytes += Integer.toString(seq).length() + 1;
                }
            }
            long unhandled = server.stats().bytesRead() - handledBytes;
            System.out.printf("shutdown under load: %d bytes read, %d of them in no handled request%n",
                    server.stats().bytesRead(), unhandled);
            assertThat(unhandled).isBetween(0L, clients * 8L);
            for (TestClient c : sockets) {
                c.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes numbered lines until the server stops taking them. */
    private static Void pipeline(TestClient client) {
        try {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int seq = 0; ; ) {
                batch.reset();
                for (int i = 0; i < 64; i++, seq++) {
                    batch.writeBytes((seq + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                client.write(batch.toByteArray());
            }
        } catch (Exception e) {
            return null; // the server closed: expected
        }
    }

    /** Reads reply lines until end of stream (not while {@link #readersPaused}); returns their sequence numbers. */
    private List<Integer> readReplies(TestClient client) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            if (readersPaused) {
                Thread.sleep(5);
                continue;
            }
            buffer.clear();
            int n = client.readSome(buffer, TestClient.TIMEOUT);
            if (n < 0) {
                break;
            }
            assertThat(n).as("bytes within " + TestClient.TIMEOUT).isPositive();
            all.write(buffer.array(), 0, n);
        }
        List<Integer> seqs = new ArrayList<>();
        for (String line : all.toString(StandardCharsets.US_ASCII).split("\n")) {
            if (!line.isEmpty()) {
                assertThat(line).startsWith("ok ").endsWith("x".repeat(1000));
                seqs.add(Integer.parseInt(line.substring(3, line.indexOf(' ', 3))));
            }
        }
        return seqs;
    }
}
