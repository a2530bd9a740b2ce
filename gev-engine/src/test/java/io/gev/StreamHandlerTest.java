package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamHandlerTest {

    /** Answers each whole line with its length, consuming only whole lines. */
    private static final StreamHandler LINE_LENGTHS = (connection, in, out) -> {
        int eol;
        while ((eol = in.indexOf((byte) '\n', 0)) >= 0) {
            in.retrieve(eol + 1);
            out.writeUtf8(eol + "\n");
        }
    };

    private static GevServer start(StreamHandler handler) {
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).build();
        server.start();
        return server;
    }

    @Test
    void echoesTheBytesItIsLent() throws Exception {
        try (GevServer server = start((connection, in, out) -> out.write(in));
                TestClient client = TestClient.connect(server.port())) {
            byte[] payload = new byte[300_000];
            new Random(7).nextBytes(payload);
            client.write(payload);
            assertThat(client.readExactly(payload.length)).isEqualTo(payload);
            await().until(() -> server.stats().bytesWritten() == payload.length);
            assertThat(server.stats().messagesReceived()).isZero();
        }
    }

    @Test
    void bytesLeftInTheBufferComeBackWithTheNextRead() throws Exception {
        try (GevServer server = start(LINE_LENGTHS); TestClient client = TestClient.connect(server.port())) {
            client.write("abc");
            await().until(() -> server.stats().bytesRead() == 3); // read on its own, so "abc" waits in the buffer
            client.write("de\nxy");
            assertThat(client.readString(2)).isEqualTo("5\n");
            client.write("\n\n1234567\n");
            assertThat(client.readString(6)).isEqualTo("2\n0\n7\n");
        }
    }

    @Test
    void outputWrittenToTheBufferAndSentThroughTheConnectionKeepsItsOrder() throws Exception {
        StreamHandler handler = (connection, in, out) -> {
            out.write(in);
            connection.send("|sent|");
            out.writeUtf8("after");
        };
        try (GevServer server = start(handler); TestClient client = TestClient.connect(server.port())) {
            client.write("x");
            assertThat(client.readString(12)).isEqualTo("x|sent|after");
        }
    }

    @Test
    void aReplyLargerThanTheLoopsWriteBufferArrivesWhole() throws Exception {
        byte[] big = new byte[3 * WriteBatch.SIZE + 17];
        Arrays.fill(big, (byte) 'z');
        StreamHandler handler = (connection, in, out) -> {
            in.retrieveAll();
            out.write(big);
        };
        try (GevServer server = start(handler); TestClient client = TestClient.connect(server.port())) {
            client.write("go");
            assertThat(client.readExactly(big.length)).isEqualTo(big);
            client.write("again");
            assertThat(client.readExactly(big.length)).isEqualTo(big);
        }
    }

    @Test
    void aThrowingHandlerClosesOnlyItsConnectionAfterItsQueuedOutput() throws Exception {
        StreamHandler handler = (connection, in, out) -> {
            String text = new String(in.readBytes(in.length()), StandardCharsets.US_ASCII);
            out.writeUtf8("ok:" + text);
            if (text.contains("boom")) {
                throw new IllegalStateException("boom");
            }
        };
        try (GevServer server = start(handler); TestClient bad = TestClient.connect(server.port());
                TestClient good = TestClient.connect(server.port())) {
            bad.write("boom");
            assertThat(bad.readString(7)).isEqualTo("ok:boom");
            assertThat(bad.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            good.write("fine");
            assertThat(good.readString(7)).isEqualTo("ok:fine");
            assertThat(server.stats().handlerErrors()).isEqualTo(1);
        }
    }

    @Test
    void aPeerThatStopsReadingPausesTheHandlerUntilItsOutputDrains() throws Exception {
        int reply = 256 * 1024;
        AtomicInteger consumed = new AtomicInteger();
        StreamHandler amplifier = (connection, in, out) -> {
            int n = in.length();
            in.retrieveAll();
            consumed.addAndGet(n);
            for (int i = 0; i < n; i++) {
                out.write(new byte[reply]);
            }
        };
        GevServer server = GevServer.builder(amplifier).address("127.0.0.1", 0).loops(1)
                .writeBufferWatermark(64 * 1024, 1024 * 1024).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 64 * 1024)) {
            int requests = 100;
            for (int i = 0; i < requests; i++) {
                client.write(new byte[1]);
                TestClient.sleepQuietly(2);
            }
            await().until(() -> server.connections(1).get(0).writeBufferLength() > 1024 * 1024);
            await().during(Duration.ofMillis(200)).until(() -> consumed.get() < requests);
            assertThat(client.readExactly(requests * reply)).hasSize(requests * reply);
            assertThat(consumed.get()).isEqualTo(requests);
        }
    }
}
