package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of the append-only file across a crash: the server runs as a process of its own, clients write to it
 * over several connections, it is killed with SIGKILL and started again on the same file.
 */
class AofCrashTests {

    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 5_000;
    private static final int WINDOW = 32;

    @TempDir
    Path dir;

    /** One connection's writes: how many were sent and acknowledged, and when each was acknowledged. */
    private static final class Writer implements Runnable {
        final int id;
        final int port;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLongArray ackedAt = new AtomicLongArray(KEYS_PER_WRITER);

        Writer(int id, int port) {
            this.id = id;
            this.port = port;
        }

        @Override
        public void run() {
            try (RespClient client = new RespClient(port)) {
                for (int n = 0; n < KEYS_PER_WRITER; n += WINDOW) {
                    int end = Math.min(KEYS_PER_WRITER, n + WINDOW);
                    for (int i = n; i < end; i++) {
                        client.write("SET", key(id, i), value(id, i));
                    }
                    client.flush();
                    sent.set(end);
                    for (int i = n; i < end; i++) {
                        assertThat(client.read()).isEqualTo("OK");
                        ackedAt.set(i, System.nanoTime());
                        acked.set(i + 1);
                    }
                }
            } catch (IOException e) {
                // the server was killed
            }
        }
    }

    @Test
    void alwaysLosesNoAcknowledgedWrite() throws Exception {
        List<Writer> writers;
        try (ServerProcess server = ServerProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always")) {
            writers = writeAndKill(server);
        }
        try (ServerProcess server = ServerProcess.start(dir, "--redis.appendonly=yes")) {
            long present = 0;
            for (Writer writer : writers) {
                int kept = keptPrefix(server.port(), writer);
                assertThat((long) kept).as("writer %d keys kept", writer.id)
                        .isGreaterThanOrEqualTo(writer.acked.get()).isLessThanOrEqualTo(writer.sent.get());
                present += kept;
            }
            try (RespClient client = new RespClient(server.port())) {
                assertThat(client.call("DBSIZE")).isEqualTo(present);
            }
        }
    }

    @Test
    void everysecLosesAtMostAboutOneSecond() throws Exception {
        List<Writer> writers;
        long killedAt;
        try (ServerProcess server = ServerProcess.start(dir, "--appendonly", "yes", "--appendfsync", "everysec")) {
            writers = writeAndKill(server);
            killedAt = System.nanoTime();
        }
        try (ServerProcess server = ServerProcess.start(dir, "--redis.appendonly=yes")) {
            for (Writer writer : writers) {
                int kept = keptPrefix(server.port(), writer);
                assertThat((long) kept).isLessThanOrEqualTo(writer.sent.get());
                if (kept < writer.acked.get()) {
                    long lostFor = killedAt - writer.ackedAt.get(kept);
                    assertThat(Duration.ofNanos(lostFor)).as("writer %d lost acknowledged writes of", writer.id)
                            .isLessThan(Duration.ofMillis(2_500));
                }
            }
        }
    }

    @Test
    void expiryIsAnAbsoluteTimeAcrossARestart() throws Exception {
        long setAt;
        try (ServerProcess server = ServerProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always");
                RespClient client = new RespClient(server.port())) {
            assertThat(client.call("SET", "volatile", "v", "EX", "30")).isEqualTo("OK");
            setAt = System.nanoTime();
            assertThat(client.call("SET", "lasting", "v")).isEqualTo("OK");
            assertThat(client.call("SET", "gone", "v", "PX", "1")).isEqualTo("OK");
            server.kill();
        }
        assertThat(Files.readString(ServerProcess.aofIn(dir).toPath())).contains("PXAT");
        try (ServerProcess server = ServerProcess.start(dir, "--redis.appendonly=yes");
                RespClient client = new RespClient(server.port())) {
            long elapsed = Duration.ofNanos(System.nanoTime() - setAt).toSeconds();
            long ttl = (Long) client.call("TTL", "volatile");
            assertThat(ttl).as("seconds left, %d s after the SET", elapsed).isPositive()
                    .isLessThanOrEqualTo(30 - elapsed);
            assertThat(client.call("TTL", "lasting")).isEqualTo(-1L);
            assertThat(client.call("GET", "gone")).isNull();
        }
    }

    /** Starts the writers, kills the server at a random moment while they write and returns them, all ended. */
    private static List<Writer> writeAndKill(ServerProcess server) throws InterruptedException {
        List<Writer> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            Writer writer = new Writer(i, server.port());
            writers.add(writer);
            Thread thread = new Thread(writer, "writer-" + i);
            thread.start();
            threads.add(thread);
        }
        long killAfter = ThreadLocalRandom.current().nextLong(1_000, WRITERS * KEYS_PER_WRITER * 3L / 4);
        await().atMost(Duration.ofSeconds(120)).until(
                () -> writers.stream().mapToLong(w -> w.acked.get()).sum() >= killAfter);
        server.kill();
        for (Thread thread : threads) {
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
        }
        return writers;
    }

    /**
     * Reads every key {@code writer} may have written and returns how many, from the first, the server has, each with
     * its value; asserts it has none after those.
     */
    private static int keptPrefix(int port, Writer writer) throws IOException {
        try (RespClient client = new RespClient(port)) {
            for (int i = 0; i < KEYS_PER_WRITER; i++) {
                client.write("GET", key(writer.id, i));
            }
            client.flush();
            int kept = 0;
            boolean gap = false;
            for (int i = 0; i < KEYS_PER_WRITER; i++) {
                Object value = client.read();
                if (value == null) {
                    gap = true;
                } else {
                    assertThat(gap).as("key %s after a missing one", key(writer.id, i)).isFalse();
                    assertThat(value).isEqualTo(value(writer.id, i));
                    kept++;
                }
            }
            return kept;
        }
    }

    private static String key(int writer, int n) {
        return "key:" + writer + ":" + n;
    }

    private static String value(int writer, int n) {
        return "value:" + writer + ":" + n + ":" + "x".repeat(n % 50);
    }
}
