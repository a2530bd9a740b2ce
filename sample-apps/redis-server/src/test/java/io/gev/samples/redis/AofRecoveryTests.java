package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up on an append-only file a crash or a rewrite left: a torn last record, a corrupt middle, a file rewritten
 * while clients wrote. Each server runs as a process of its own.
 */
class AofRecoveryTests {

    private static final int COUNTERS = 8;

    @TempDir
    Path dir;

    @Test
    void tornLastRecordLoadsUpToTheLastWholeOneAndCutsTheFile() throws Exception {
        writeAndStop(10);
        Path file = ServerProcess.aofIn(dir).toPath();
        byte[] whole = Files.readAllBytes(file);
        int lastRecord = new String(whole, StandardCharsets.ISO_8859_1).lastIndexOf("*3\r\n");
        try (RandomAccessFile torn = new RandomAccessFile(file.toFile(), "rw")) {
            torn.setLength(whole.length - 3); // inside the last value
        }
        try (ServerProcess server = ServerProcess.start(dir, "--redis.appendonly=yes");
                RespClient client = new RespClient(server.port())) {
            assertThat(client.call("DBSIZE")).isEqualTo(9L);
            assertThat(client.call("GET", "key:8")).isEqualTo("value:8");
            assertThat(client.call("GET", "key:9")).isNull();
            assertThat(server.output()).contains("before offset " + lastRecord);
            assertThat(Files.size(file)).isEqualTo(lastRecord);
        }
    }

    @Test
    void corruptMiddleRefusesToStartNamingTheOffset() throws Exception {
        writeAndStop(10);
        Path file = ServerProcess.aofIn(dir).toPath();
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        int fifth = text.indexOf("*3\r\n$3\r\nSET\r\n$5\r\nkey:4");
        byte[] corrupt = text.getBytes(StandardCharsets.ISO_8859_1);
        corrupt[fifth] = '#';
        Files.write(file, corrupt);
        ServerProcess server = ServerProcess.launch(dir, "--redis.appendonly=yes");
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("Bad file format reading the append only file")
                .contains(file.getFileName() + " at offset " + fifth);
        assertThat(Files.readAllBytes(file)).isEqualTo(corrupt);
    }

    @Test
    void rewriteUnderConcurrentWritesLosesNothingAndIncrReplaysExactly() throws Exception {
        AtomicLongArray increments = new AtomicLongArray(COUNTERS);
        try (ServerProcess server = ServerProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always")) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                Thread thread = new Thread(() -> incrementWhile(server.port(), id, writing, increments));
                thread.start();
                writers.add(thread);
            }
            int rewrites = 0;
            try (RespClient admin = new RespClient(server.port())) {
                while (rewrites < 5) {
                    Object reply = admin.call("BGREWRITEAOF");
                    if ("Background append only file rewriting started".equals(reply)) {
                        rewrites++;
                    } else {
                        assertThat(reply).isEqualTo(
                                new RespClient.Error("ERR Background append only file rewriting already in progress"));
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> countMatches(server.output(), "rewrite finished successfully") >= 5);
            writing.set(false);
            for (Thread thread : writers) {
                thread.join(30_000);
            }
            server.kill();
        }
        try (ServerProcess server = ServerProcess.start(dir, "--redis.appendonly=yes");
                RespClient client = new RespClient(server.port())) {
            for (int c = 0; c < COUNTERS; c++) {
                assertThat(client.call("GET", "counter:" + c)).isEqualTo(Long.toString(increments.get(c)));
            }
            assertThat(client.call("DBSIZE")).isEqualTo((long) COUNTERS);
        }
    }

    /** INCRs the counters round the clock, pipelined, until {@code writing} is false; counts the acknowledged ones. */
    private static void incrementWhile(int port, int id, AtomicBoolean writing, AtomicLongArray increments) {
        try (RespClient client = new RespClient(port)) {
            for (int round = 0; writing.get(); round++) {
                for (int c = 0; c < COUNTERS; c++) {
                    client.write("INCR", "counter:" + c);
                }
                client.flush();
                for (int c = 0; c < COUNTERS; c++) {
                    assertThat(client.read()).isInstanceOf(Long.class);
                    increments.incrementAndGet(c);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("writer " + id, e);
        }
    }

    /** Starts a server, writes {@code key:i value:i} for i below {@code count} and stops it with SHUTDOWN. */
    private void writeAndStop(int count) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--appendonly", "yes")) {
            try (RespClient client = new RespClient(server.port())) {
                for (int i = 0; i < count; i++) {
                    assertThat(client.call("SET", "key:" + i, "value:" + i)).isEqualTo("OK");
                }
                client.write("SHUTDOWN");
                client.flush();
                assertThat(server.awaitExit()).isZero();
            }
            assertThat(server.output()).contains("fsynced and closed");
        }
    }

    private static int countMatches(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
