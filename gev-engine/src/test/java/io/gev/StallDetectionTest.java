package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A handler that blocks its loop is reported once per blocking call, and only then. */
class StallDetectionTest {

    @Test
    void aBlockingHandlerIsReportedOnceAndQuickOnesNever() throws Exception {
        Handler handler = (c, ctx, data) -> {
            if (data[0] == 'b') {
                TestClient.sleepQuietly(700); // what a handler must never do
            }
            return data;
        };
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .stallThreshold(Duration.ofMillis(200)).build();
        server.start();
        try (server; TestClient client = TestClient.connect(server.port())) {
            for (int i = 0; i < 50; i++) {
                client.write("q");
                assertThat(client.readString(1)).isEqualTo("q");
            }
            assertThat(server.stats().loopStalls()).isZero();
            client.write("b");
            assertThat(client.readString(1)).isEqualTo("b");
            await().until(() -> server.stats().loopStalls() == 1);
            client.write("b");
            assertThat(client.readString(1)).isEqualTo("b");
            await().until(() -> server.stats().loopStalls() == 2);
            await().during(Duration.ofMillis(500)).until(() -> server.stats().loopStalls() == 2);
        }
    }

    @Test
    void aZeroThresholdDisablesTheCheck() throws Exception {
        GevServer server = GevServer.builder((c, ctx, data) -> {
            TestClient.sleepQuietly(300);
            return data;
        }).address("127.0.0.1", 0).loops(1).stallThreshold(Duration.ZERO).build();
        server.start();
        try (server; TestClient client = TestClient.connect(server.port())) {
            client.write("x");
            assertThat(client.readString(1)).isEqualTo("x");
            assertThat(server.stats().loopStalls()).isZero();
        }
    }
}
