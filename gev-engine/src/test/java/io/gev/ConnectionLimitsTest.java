package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connections over a limit are refused politely and never reach the handler. */
class ConnectionLimitsTest {

    private static GevServer start(int max, int perIp, String goodbye) {
        GevServer server = GevServer.builder((c, ctx, data) -> data).address("127.0.0.1", 0).loops(2)
                .maxConnections(max).maxConnectionsPerIp(perIp)
                .refusalMessage(goodbye == null ? null : goodbye.getBytes(StandardCharsets.UTF_8)).build();
        server.start();
        return server;
    }

    @Test
    void overTheMaximumAConnectionGetsTheGoodbyeEvenIfItAlreadySentARequest() throws Exception {
        try (GevServer server = start(2, 0, "-ERR max number of clients reached\r\n");
             TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            await().until(() -> server.connectionCount() == 2);
            try (TestClient refused = TestClient.connect(server.port())) {
                refused.write("PING\r\n"); // unread input must not turn the goodbye into a reset
                assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8))
                        .isEqualTo("-ERR max number of clients reached\r\n");
            }
            assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(1);
            assertThat(server.stats().connectionsAccepted()).isEqualTo(2);
            a.write("still");
            assertThat(a.readString(5)).isEqualTo("still");
            b.close();
            await().until(() -> server.connectionCount() == 1);
            try (TestClient c = TestClient.connect(server.port())) {
                c.write("in");
                assertThat(c.readString(2)).isEqualTo("in");
            }
        }
    }

    @Test
    void thePerAddressLimitCountsEachSourceAddressApart() throws Exception {
        try (GevServer server = start(0, 1, null); TestClient first = TestClient.connect("127.0.0.1", server.port());
             TestClient other = TestClient.connect("127.0.0.2", server.port())) {
            await().until(() -> server.connectionCount() == 2);
            try (TestClient second = TestClient.connect("127.0.0.1", server.port())) {
                assertThat(second.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS_PER_IP)).isEqualTo(1);
            other.write("ok");
            assertThat(other.readString(2)).isEqualTo("ok");
            first.close();
            await().until(() -> server.connectionCount() == 1);
            try (TestClient again = TestClient.connect("127.0.0.1", server.port())) {
                again.write("back");
                assertThat(again.readString(4)).isEqualTo("back");
            }
        }
    }
}
