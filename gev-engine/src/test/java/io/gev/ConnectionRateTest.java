package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rate of new connections per address: a burst of 200 from one address against 20 per second gets the burst and
 * what the rate refilled meanwhile, the rest are closed as they are accepted and counted, and another address is not
 * affected.
 */
class ConnectionRateTest {

    private static final int RATE = 20;
    private static final int BURST = 200;

    @Test
    void aBurstFromOneAddressIsHeldToTheRateAndOthersAreNotAffected() throws Exception {
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1)
                .maxConnectionRatePerIp(RATE).build();
        server.start();
        List<TestClient> clients = new ArrayList<>();
        try (server) {
            long start = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                clients.add(TestClient.connect("127.0.0.5", server.port()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            await().until(() -> server.stats().connectionsAccepted()
                    + server.stats().connectionsRefused(RefusalReason.RATE) == BURST);
            long accepted = server.stats().connectionsAccepted();
            // a full bucket (the burst, as many as the rate) and what refilled while the burst was dialled
            assertThat(accepted).as("accepted of %d dialled in %.2f s", BURST, seconds)
                    .isBetween((long) RATE, (long) (RATE + Math.ceil(seconds * RATE)) + 1);
            int served = 0;
            for (TestClient client : clients) {
                served += echoes(client) ? 1 : 0;
            }
            assertThat(served).isEqualTo((int) accepted);
            try (TestClient other = TestClient.connect("127.0.0.6", server.port())) {
                assertThat(echoes(other)).as("another address has its own bucket").isTrue();
            }
            assertThat(server.stats().connectionsRefused(RefusalReason.RATE)).isEqualTo(BURST - accepted);
        } finally {
            for (TestClient client : clients) {
                client.close();
            }
        }
    }

    /** Whether the server echoes, or closed the connection. */
    private static boolean echoes(TestClient client) throws Exception {
        try {
            client.write("x");
        } catch (java.io.IOException closed) {
            return false;
        }
        ByteBuffer reply = ByteBuffer.allocate(1);
        return client.readSome(reply, Duration.ofSeconds(10)) == 1;
    }
}
