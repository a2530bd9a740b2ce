package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Back-pressure through a {@link Relay}, both ways, with both sides on one loop and across loops: a peer that stops
 * reading holds the peer on the other side, and the relay queues no more than the high watermark plus one read for
 * it; once it reads again, every byte arrives in order.
 */
class RelayBackpressureTest {

    private static final int HIGH = 128 * 1024;
    private static final long TOTAL = 64L * 1024 * 1024;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static RelayFixture relay(String loops, int upstreamPort) {
        return loops.equals("same") ? RelayFixture.sameLoop(upstreamPort, HIGH)
                : RelayFixture.crossLoop(upstreamPort, HIGH);
    }

    @ParameterizedTest(name = "{0} loop, the {1} stops reading")
    @CsvSource({"same, upstream", "cross, upstream", "same, client", "cross, client"})
    void aPeerThatStopsReadingHoldsThePeerOnTheOtherSide(String loops, String resting) throws Exception {
        try (ServerSocket upstream = RelayTest.plainUpstream(); RelayFixture relay = relay(loops,
                upstream.getLocalPort()); Socket client = BlockingClients.connect(relay.port());
                Socket up = RelayTest.accept(upstream)) {
            if (resting.equals("upstream")) {
                holdsWhileTheReaderRests(relay, client.getOutputStream(), up.getInputStream());
            } else {
                holdsWhileTheReaderRests(relay, up.getOutputStream(), client.getInputStream());
            }
        }
    }

    /**
     * Writes {@link #TOTAL} bytes into {@code from} while nobody reads {@code to}: the writer must stall with most of
     * them unsent and the relay's queue within its bound; then reads {@code to} and checks every byte.
     */
    private void holdsWhileTheReaderRests(RelayFixture relay, OutputStream from, InputStream to) throws Exception {
        HashedStream stream = new HashedStream(TOTAL);
        AtomicLong written = new AtomicLong();
        Future<?> writer = pool.submit(() -> {
            stream.writeTo(from, TOTAL, 64 * 1024, null, written);
            return null;
        });
        awaitStall(written);

        assertThat(written.get()).as("the writer is held").isLessThan(TOTAL / 2);
        assertThat(relay.maxQueued.get()).as("most queued for the resting reader")
                .isBetween(HIGH, HIGH + RelayFixture.ONE_READ);

        stream.expectFrom(to, TOTAL);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(relay.maxQueued.get()).isLessThanOrEqualTo(HIGH + RelayFixture.ONE_READ);
    }

    /** Waits until {@code progress} has not moved for half a second (the writer is blocked), at most 30 seconds. */
    private static void awaitStall(AtomicLong progress) {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = progress.get();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofMillis(500).toNanos();
        });
    }
}
