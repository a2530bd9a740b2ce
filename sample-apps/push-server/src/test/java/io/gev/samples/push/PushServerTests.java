package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** Plain-socket clients of the push server, with ticks every 100 ms. */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1", "--push.interval=100ms" })
@Timeout(60)
class PushServerTests {

    static final int CLIENTS = 3;
    /** What the clients count ticks over: 20 intervals, for which the bounds below are wide on purpose. */
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final int FEWEST_TICKS = 10;
    static final int MOST_TICKS = 25;

    @Autowired
    Environment environment;

    @Autowired
    Subscribers subscribers;

    @Autowired
    GevServers servers;

    int port;

    @BeforeEach
    void noSubscribersLeftFromEarlierTests() {
        port = environment.getRequiredProperty("local.gev.port", Integer.class);
        await().atMost(TickClient.TIMEOUT).until(() -> subscribers.size() == 0);
    }

    @Test
    void everyClientGetsConsecutiveTicksAtTheConfiguredRate() throws Exception {
        List<TickClient> clients = connect(CLIENTS);
        ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<List<Long>>> received = clients.stream()
                    .map(c -> CompletableFuture.supplyAsync(() -> ticksDuring(c, WINDOW), readers)).toList();
            for (CompletableFuture<List<Long>> future : received) {
                List<Long> ticks = future.get(WINDOW.plus(TickClient.TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
                assertThat(ticks).hasSizeBetween(FEWEST_TICKS, MOST_TICKS);
                assertConsecutive(ticks);
            }
        } finally {
            readers.shutdownNow();
            closeAll(clients);
        }
    }

    @Test
    void aClosedClientIsNoLongerPushedToAndTheOthersStillAre() throws Exception {
        List<TickClient> clients = connect(CLIENTS);
        try {
            for (TickClient c : clients) {
                c.nextTick();
            }
            clients.remove(0).close();

            GevServer server = servers.get(GevServers.DEFAULT);
            await().atMost(TickClient.TIMEOUT).until(() -> subscribers.size() == CLIENTS - 1);
            assertThat(server.connectionCount()).isEqualTo(CLIENTS - 1);
            for (TickClient c : clients) {
                List<Long> ticks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    ticks.add(c.nextTick());
                }
                assertConsecutive(ticks);
            }
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void whatAClientSendsIsIgnored() throws Exception {
        try (TickClient client = TickClient.connect(port)) {
            await().atMost(TickClient.TIMEOUT).until(() -> subscribers.size() == 1);
            client.send("hello\nstop\n");
            long first = client.nextTick();
            assertThat(client.nextTick()).isEqualTo(first + 1);
            assertThat(client.nextTick()).isEqualTo(first + 2);
        }
    }

    /** Connects {@code n} clients and waits until all are subscribed. */
    private List<TickClient> connect(int n) throws IOException {
        List<TickClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(TickClient.connect(port));
        }
        await().atMost(TickClient.TIMEOUT).until(() -> subscribers.size() == n);
        return clients;
    }

    /** The ticks {@code client} reads until {@code window} has passed (the last may come one interval later). */
    private static List<Long> ticksDuring(TickClient client, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        List<Long> ticks = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                ticks.add(client.nextTick());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    private static void assertConsecutive(List<Long> ticks) {
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("tick after %d in %s", ticks.get(i - 1), ticks).isEqualTo(ticks.get(i - 1) + 1);
        }
    }

    private static void closeAll(List<TickClient> clients) throws IOException {
        for (TickClient c : clients) {
            c.close();
        }
    }
}
