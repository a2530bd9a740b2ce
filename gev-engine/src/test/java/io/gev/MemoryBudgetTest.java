package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The memory budget: 2,000 clients each ask for a 1 MiB reply and never read it, against a 64 MiB budget. What the
 * connections buffer stays within the budget (and a reply per loop), a well-behaved client is still served (the median
 * of its echoes within 100 ms; the first ones wait while the loops work through the 2,000 requests that came at once),
 * and once the slow readers are gone everything is as before.
 */
class MemoryBudgetTest {

    private static final int SLOW_READERS = 2_000;
    private static final long BUDGET = 64L << 20;
    private static final int LOOPS = 2;
    private static final byte[] BIG = new byte[1 << 20];

    @Test
    void slowReadersAreHeldToTheBudgetAndAWellBehavedClientIsStillServed() throws Exception {
        Arrays.fill(BIG, (byte) 'b');
        Handler handler = (c, x, data) -> data.length == 1 && data[0] == 'B' ? BIG : data;
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(LOOPS).maxBufferedBytes(BUDGET)
                .build();
        server.start();
        AtomicLong mostBuffered = new AtomicLong();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                mostBuffered.accumulateAndGet(server.stats().bufferedBytes(), Math::max);
                TestClient.sleepQuietly(1);
            }
        }, "budget-watcher");
        watcher.setDaemon(true);
        watcher.start();
        List<TestClient> slow = new ArrayList<>();
        try (server; TestClient good = TestClient.connect(server.port())) {
            for (int i = 0; i < SLOW_READERS; i++) {
                TestClient client = TestClient.connect(null, server.port(), 4096);
                slow.add(client);
                client.write("B");
            }
            long[] latencies = new long[20];
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                good.write("ping");
                assertThat(good.readString(4)).isEqualTo("ping");
                latencies[i] = (System.nanoTime() - start) / 1_000_000;
            }
            String inOrder = Arrays.toString(latencies);
            Arrays.sort(latencies);
            System.out.printf("memory budget: %d slow readers, most buffered %,d bytes (budget %,d), %d overruns;"
                    + " a well-behaved client's echo in %d ms (median of 20), %d ms at most; in order, ms: %s%n",
                    SLOW_READERS, mostBuffered.get(), BUDGET, server.stats().memoryOverruns(), latencies[10],
                    latencies[19], inOrder);
            assertThat(server.stats().memoryOverruns()).as("the budget was passed, and acted on").isPositive();
            assertThat(latencies[10]).as("median echo, ms").isLessThanOrEqualTo(100);
            for (TestClient client : slow) {
                client.close();
            }
            slow.clear();
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1
                    && server.stats().bufferedBytes() == 0);
            good.write("after");
            assertThat(good.readString(5)).isEqualTo("after");
            assertThat(mostBuffered.get()).as("buffered at most the budget and a reply per loop (and one more)")
                    .isLessThanOrEqualTo(BUDGET + (LOOPS + 1) * BIG.length);
        } finally {
            watching.set(false);
            for (TestClient client : slow) {
                client.close();
            }
        }
    }
}
