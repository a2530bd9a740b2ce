package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.codec.LengthFieldProtocol;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The partial-frame timeout: a peer that sends half a frame and stalls is closed; a slow, steady one is not. */
class SlowPeerTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);

    private static GevServer start() {
        GevServer server = GevServer.builder((c, ctx, data) -> data).address("127.0.0.1", 0).loops(1)
                .protocol(LengthFieldProtocol.builder().build()).partialFrameTimeout(TIMEOUT)
                .timerTick(Duration.ofMillis(10)).build();
        server.start();
        return server;
    }

    private static byte[] frame(int length) {
        return ByteBuffer.allocate(4 + length).putInt(length).array();
    }

    @Test
    void halfAFrameAndSilenceClosesTheConnection() throws Exception {
        try (GevServer server = start(); TestClient stalled = TestClient.connect(server.port());
                TestClient idle = TestClient.connect(server.port())) {
            byte[] whole = frame(100);
            stalled.write(whole, 0, 50);
            long sent = System.nanoTime();
            assertThat(stalled.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
            long after = (System.nanoTime() - sent) / 1_000_000;
            System.out.printf("partial frame: closed %d ms after the last byte (timeout %d ms)%n", after,
                    TIMEOUT.toMillis());
            assertThat(after).isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 20);
            assertThat(server.stats().readTimeouts()).isEqualTo(1);
            assertThat(idle.channel.isOpen()).isTrue();
            await().during(TIMEOUT.multipliedBy(2)).until(() -> server.connectionCount() == 1); // silence alone is fine
        }
    }

    @Test
    void aFrameThatKeepsComingIsNotCutHoweverLongItTakes() throws Exception {
        try (GevServer server = start(); TestClient client = TestClient.connect(server.port())) {
            byte[] whole = frame(30);
            for (int i = 0; i < whole.length; i++) { // 34 bytes, one per 50 ms: 1.7 s in all, four timeouts long
                client.write(whole, i, 1);
                Thread.sleep(50);
            }
            assertThat(client.readExactly(whole.length)).isEqualTo(whole);
            assertThat(server.stats().readTimeouts()).isZero();
        }
    }
}
