package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Frames survive every way TCP can cut or glue them: the byte path from socket to {@link Protocol}. */
class FramingTest {

    private static GevServer framedEcho() {
        GevServer server = GevServer.builder((conn, ctx, data) -> data)
                .address("127.0.0.1", 0).loops(1).protocol(new LengthPrefixProtocol(1 << 20)).build();
        server.start();
        return server;
    }

    private static byte[] frames(Random random, int count, int maxBody) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[random.nextInt(maxBody + 1)];
            random.nextBytes(body);
            out.writeBytes(LengthPrefixProtocol.frame(body));
        }
        return out.toByteArray();
    }

    /** Waits until the server has read {@code total} bytes, so the next write lands in a new read. */
    private static void awaitRead(GevServer server, long total) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                .until(() -> server.stats().bytesRead() == total);
    }

    @Test
    void framesSplitAtEveryByteBoundaryDecodeExactly() throws Exception {
        byte[] stream = frames(new Random(1), 4, 40);
        stream = concat(LengthPrefixProtocol.frame(new byte[0]), stream);
        try (GevServer server = framedEcho(); TestClient client = TestClient.connect(server.port())) {
            long read = 0;
            for (int split = 1; split < stream.length; split++) {
                client.write(stream, 0, split);
                awaitRead(server, read + split);
                client.write(stream, split, stream.length - split);
                read += stream.length;
                assertThat(client.readExactly(stream.length)).as("split at %d", split).isEqualTo(stream);
            }
            assertThat(server.stats().messagesReceived()).isEqualTo(5L * (stream.length - 1));
        }
    }

    @Test
    void framesDribbledOneByteAtATimeDecodeExactly() throws Exception {
        byte[] stream = frames(new Random(2), 6, 30);
        try (GevServer server = framedEcho(); TestClient client = TestClient.connect(server.port())) {
            for (int i = 0; i < stream.length; i++) {
                client.write(stream, i, 1);
                awaitRead(server, i + 1);
            }
            assertThat(client.readExactly(stream.length)).isEqualTo(stream);
        }
    }

    @Test
    void manyFramesInOneWriteDecodeInOrder() throws Exception {
        byte[] stream = frames(new Random(3), 2000, 300);
        try (GevServer server = framedEcho(); TestClient client = TestClient.connect(server.port())) {
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.readExactly(stream.length);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            client.write(stream);
            assertThat(echoed.get()).isEqualTo(stream);
            assertThat(server.stats().messagesReceived()).isEqualTo(2000);
        }
    }

    @Test
    void repliesAboveTheHighWatermarkPauseAndResumeWithoutLosingFrames() throws Exception {
        // 400 frames of ~10 KiB in one stream: the replies of one read exceed the 16 KiB watermark many times over,
        // so decoding pauses with frames left in the buffer and must resume when the client drains.
        byte[] stream = frames(new Random(4), 400, 20 * 1024);
        java.util.concurrent.atomic.AtomicReference<Connection> connection = new java.util.concurrent.atomic.AtomicReference<>();
        GevServer server = GevServer.builder(new Handler() {
                    @Override
                    public void onConnect(Connection c) {
                        connection.set(c);
                    }

                    @Override
                    public Object onMessage(Connection c, Object ctx, byte[] data) {
                        return data;
                    }
                })
                .address("127.0.0.1", 0).loops(1).protocol(new LengthPrefixProtocol(1 << 20))
                .writeBufferWatermark(8 * 1024, 16 * 1024).sendBufferSize(8 * 1024).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 8 * 1024)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(stream);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // the client reads nothing until the server has queued more than the high watermark (and so paused)
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.get() != null
                    && connection.get().writeBufferLength() > 16 * 1024);
            byte[] echoed = client.readExactly(stream.length);
            writer.get();
            assertThat(Arrays.equals(echoed, stream)).isTrue();
            assertThat(server.stats().messagesReceived()).isEqualTo(400);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
