package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import io.gev.test.GevTestClient;
import io.gev.test.autoconfigure.AutoConfigureGevTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Clients of the push server speaking its line framing ({@link GevTestClient}), with ticks every 100 ms. */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1", "--push.interval=100ms" })
@AutoConfigureGevTestClient
@Timeout(60)
class PushServerTests {

    static final int CLIENTS = 3;
    /** What the clients count ticks over: 20 intervals, for which the bounds below are wide on purpose. */
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final int FEWEST_TICKS = 10;
    static final int MOST_TICKS = 25;
    static final Duration TIMEOUT = GevTestClient.DEFAULT_TIMEOUT;
    private static final Pattern TICK = Pattern.compile("tick ([1-9][0-9]*)");

    @Autowired
    Subscribers subscribers;

    @Autowired
    GevServers servers;

    /** A client of the server, connected when first used (see {@link AutoConfigureGevTestClient}). */
    @Autowired
    GevTestClient client;

    @BeforeEach
    void noSubscribersLeftFromEarlierTests() {
        await().atMost(TIMEOUT).until(() -> subscribers.size() == 0);
    }

    @Test
    void everyClientGetsConsecutiveTicksAtTheConfiguredRate() throws Exception {
        List<GevTestClient> clients = connect(CLIENTS);
        ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<List<Long>>> received = clients.stream()
                    .map(c -> CompletableFuture.supplyAsync(() -> ticksDuring(c, WINDOW), readers)).toList();
            for (CompletableFuture<List<Long>> future : received) {
                List<Long> ticks = future.get(WINDOW.plus(TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
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
        List<GevTestClient> clients = connect(CLIENTS);
        try {
            for (GevTestClient c : clients) {
                nextTick(c);
            }
            clients.remove(0).close();

            GevServer server = servers.get(GevServers.DEFAULT);
            await().atMost(TIMEOUT).until(() -> subscribers.size() == CLIENTS - 1);
            assertThat(server.connectionCount()).isEqualTo(CLIENTS - 1);
            for (GevTestClient c : clients) {
                List<Long> ticks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    ticks.add(nextTick(c));
                }
                assertConsecutive(ticks);
            }
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void whatAClientSendsIsIgnored() {
        try (GevTestClient c = client) { // closed at the end: the next test starts with no subscriber
            long first = nextTick(c.send("hello").send("stop"));
            assertThat(nextTick(c)).isEqualTo(first + 1);
            assertThat(nextTick(c)).isEqualTo(first + 2);
            assertThat(subscribers.size()).isEqualTo(1);
        }
    }

    /** Connects {@code n} more clients of the server, with its own framing, and waits until all are subscribed. */
    private List<GevTestClient> connect(int n) {
        GevServer server = servers.get(GevServers.DEFAULT);
        List<GevTestClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(GevTestClient.builder(server.port()).protocol(server.protocol()).connect());
        }
        await().atMost(TIMEOUT).until(() -> subscribers.size() == n);
        return clients;
    }

    /** Reads the next line, which must be exactly {@code tick N}, and returns N. */
    private static long nextTick(GevTestClient client) {
        String line = client.receiveString();
        Matcher tick = TICK.matcher(line);
        assertThat(tick.matches()).as("pushed line %s", line).isTrue();
        return Long.parseLong(tick.group(1));
    }

    /** The ticks {@code client} reads until {@code window} has passed (the last may come one interval later). */
    private static List<Long> ticksDuring(GevTestClient client, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        List<Long> ticks = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ticks.add(nextTick(client));
        }
        return ticks;
    }

    private static void assertConsecutive(List<Long> ticks) {
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("tick after %d in %s", ticks.get(i - 1), ticks).isEqualTo(ticks.get(i - 1) + 1);
        }
    }

    private static void closeAll(List<GevTestClient> clients) {
        clients.forEach(GevTestClient::close);
    }
}
