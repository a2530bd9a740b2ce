package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.multibulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * SCAN's promise while other connections (on other event loops) add and delete keys: every key present for the whole
 * scan is returned, each call does bounded work and the iteration ends; and MSETNX's all-or-nothing against
 * concurrent MSETNX of overlapping keys.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1", "gev.loops=2" })
@Timeout(60)
class ScanTests {

    private static final int STABLE_KEYS = 5_000;
    private static final int COUNT = 100;

    @Value("${local.gev.port}")
    int port;

    @Test
    void everyKeyPresentForTheWholeScanIsReturnedWhileOthersComeAndGo() throws Exception {
        try (RespConnection connection = new RespConnection(port)) {
            send(connection, "FLUSHALL");
            List<String> mset = new ArrayList<>(List.of("MSET"));
            for (int i = 0; i < STABLE_KEYS; i++) {
                mset.add("stable:" + i);
                mset.add("v");
            }
            send(connection, mset.toArray(String[]::new));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger batches = new AtomicInteger();
            ExecutorService churners = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> churned = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    churned.add(churners.submit(() -> churn(thread, stop, batches)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> batches.get() >= 2); // both churn as it scans
                Set<String> seen = new HashSet<>();
                String cursor = "0";
                int calls = 0;
                do {
                    RespValue reply = send(connection, "SCAN", cursor, "COUNT", Integer.toString(COUNT));
                    List<RespValue> keys = reply.elements().get(1).elements();
                    assertThat(keys.size()).as("keys of one call").isLessThanOrEqualTo(3 * COUNT);
                    keys.forEach(key -> seen.add(key.text()));
                    cursor = reply.elements().get(0).text();
                    calls++;
                } while (!cursor.equals("0") && calls < Keyspace.SHARDS + 1);
                stop.set(true);
                assertThat(cursor).as("the iteration ended within one call per shard").isEqualTo("0");
                for (Future<Integer> writes : churned) {
                    assertThat(writes.get(30, TimeUnit.SECONDS)).as("churning writes").isPositive();
                }
                for (int i = 0; i < STABLE_KEYS; i++) {
                    assertThat(seen).contains("stable:" + i);
                }
            } finally {
                stop.set(true);
                churners.shutdown();
                assertThat(churners.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void concurrentMsetnxOfOverlappingKeysSetAllOfOneOrNone() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (RespConnection connection = new RespConnection(port)) {
            for (int round = 0; round < 200; round++) {
                send(connection, "DEL", "x", "y", "z");
                List<Future<String>> replies = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    String value = "c" + c;
                    replies.add(clients.submit(() -> {
                        try (RespConnection client = new RespConnection(port)) {
                            return send(client, "MSETNX", "x", value, "y", value, "z", value).text();
                        }
                    }));
                }
                int winners = 0;
                for (Future<String> reply : replies) {
                    winners += Integer.parseInt(reply.get(10, TimeUnit.SECONDS));
                }
                assertThat(winners).as("MSETNX calls that set their keys, round %d", round).isEqualTo(1);
                RespValue values = send(connection, "MGET", "x", "y", "z");
                assertThat(values.elements()).extracting(RespValue::text).as("one writer's values").containsOnly(
                        values.elements().get(0).text());
            }
        } finally {
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Sets and deletes keys of its own in pipelined batches until {@code stop}, counting them in {@code batches};
     * returns how many writes it sent.
     */
    private int churn(int thread, AtomicBoolean stop, AtomicInteger batches) throws IOException {
        int writes = 0;
        try (RespConnection connection = new RespConnection(port)) {
            while (!stop.get()) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    String key = "churn:" + thread + ":" + (writes + i) % 2_000;
                    batch.append(i % 2 == 0 ? multibulk("SET", key, "x") : multibulk("DEL", key));
                }
                connection.send(batch.toString());
                for (int i = 0; i < 50; i++) {
                    connection.reply();
                }
                writes += 50;
                batches.incrementAndGet();
            }
        }
        return writes;
    }

    private static RespValue send(RespConnection connection, String... words) throws IOException {
        connection.send(multibulk(words));
        return connection.reply();
    }
}
