package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.containers.ContainerImages;
import io.gev.containers.RedisSampleCluster;
import io.gev.containers.SampleContainer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The clustered push sample in containers: a Redis container and three instances of the sample's image on a network
 * of their own, ticking every 200 ms under a lease of 1 s, with plain TCP clients on every instance (through its
 * published port). One cluster for the class: the tests run in order, and the last one kills the leader.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushClusterIT {

    static final Duration INTERVAL = Duration.ofMillis(200);
    static final Duration LEASE = Duration.ofSeconds(1);
    static final int PORT = 1834;
    static final String PREFIX = "gev-push";
    static final String LEADS = "this instance leads the push ticks";
    /** Ticks read after the kill: 3 s of ticks after a takeover of at most lease + interval. */
    static final int TICKS_AFTER_KILL = 15;

    private static final Logger log = LoggerFactory.getLogger(PushClusterIT.class);

    private static RedisSampleCluster cluster;
    private static List<SampleContainer> instances;

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        cluster = new RedisSampleCluster();
        instances = cluster.instances();
        cluster.start(ContainerImages.sampleImage("push-server"), PORT, List.of("push-a", "push-b", "push-c"),
                List.of("--push.interval=" + INTERVAL.toMillis() + "ms", "--push.cluster.enabled=true",
                        "--push.cluster.lease=" + LEASE.toMillis() + "ms", "--spring.data.redis.timeout=2s"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> cluster.redis().subscribers(PREFIX + ":ticks") == instances.size());
        log.info("push cluster up in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyClientOnEveryInstanceSeesTheSameTicksFromOneLeader() throws Exception {
        List<TickClient> clients = connectTwoToEach();
        try {
            assertThat(leaders()).hasSize(1);
            long[] first = new long[clients.size()];
            for (int i = 0; i < clients.size(); i++) {
                first[i] = clients.get(i).nextTick();
            }
            long common = Arrays.stream(first).max().orElseThrow() + 10;
            for (int i = 0; i < clients.size(); i++) {
                TickClient client = clients.get(i);
                for (long expected = first[i] + 1; expected <= common; expected++) {
                    assertThat(client.nextTick()).as("client %d (on %s): the tick after %d", i,
                            instances.get(i / 2), expected - 1).isEqualTo(expected);
                }
            }
            assertThat(leaders()).hasSize(1);
        } finally {
            closeAll(clients);
        }
    }

    @Test
    @Order(2)
    void whenTheLeaderIsKilledAnotherTakesOverWithinTheLeaseAndTheSequenceGoesOnWithoutARepeat() throws Exception {
        List<TickClient> clients = connectTwoToEach();
        try {
            SampleContainer leader = leaders().get(0);
            int killedIndex = instances.indexOf(leader);
            long[] before = new long[clients.size()];
            for (int i = 0; i < clients.size(); i++) {
                before[i] = clients.get(i).nextTick();
            }
            long killedAt = System.nanoTime();
            leader.kill();

            List<CompletableFuture<List<Long>>> reads = new ArrayList<>();
            List<Duration> gaps = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                TickClient client = clients.get(i);
                long last = before[i];
                if (i / 2 != killedIndex) {
                    reads.add(CompletableFuture.supplyAsync(() -> arrivals(client, last, killedAt, gaps)));
                }
            }
            for (TickClient client : clients.subList(killedIndex * 2, killedIndex * 2 + 2)) {
                assertThatThrownBy(() -> readUntilEnd(client)).as("a client of the killed leader")
                        .isInstanceOf(IOException.class);
            }
            List<List<Long>> seen = new ArrayList<>();
            for (CompletableFuture<List<Long>> read : reads) {
                seen.add(read.get(30, TimeUnit.SECONDS));
            }
            assertThat(leader.exitCode()).as("exit code (137: SIGKILL)").isEqualTo(137L);
            assertSameNumbers(seen);
            // the lease runs out at most a lease after the kill, and another instance takes it at its next round
            Duration gap = gaps.stream().max(Duration::compareTo).orElseThrow();
            assertThat(gap).as("the longest wait for a tick from the kill on")
                    .isGreaterThan(LEASE.minus(INTERVAL.multipliedBy(2)))
                    .isLessThan(LEASE.plus(INTERVAL.multipliedBy(2)));
            List<SampleContainer> now = leaders();
            assertThat(now).as("the leaders after the kill").hasSize(1).doesNotContain(leader);
            log.info("killed the leader {}: {} took over; the longest wait for a tick from the kill on {} ms "
                    + "(interval {} ms, lease {} ms); ticks {} after the kill, none repeated", leader, now.get(0),
                    gap.toMillis(), INTERVAL.toMillis(), LEASE.toMillis(), seen.get(0));
        } finally {
            closeAll(clients);
        }
    }

    /** The running instances that took the lease and have not given it up. */
    private static List<SampleContainer> leaders() {
        return instances.stream().filter(i -> i.container().isRunning()).filter(i -> {
            String logs = i.logs();
            return logs.lastIndexOf(LEADS) > logs.lastIndexOf("no longer leads");
        }).toList();
    }

    /** Two clients on each instance, in the order of {@link #instances}. */
    private static List<TickClient> connectTwoToEach() throws IOException {
        List<TickClient> clients = new ArrayList<>();
        for (SampleContainer instance : instances) {
            for (int i = 0; i < 2; i++) {
                clients.add(TickClient.connect(instance.published(PORT)));
            }
        }
        return clients;
    }

    private static void readUntilEnd(TickClient client) throws IOException {
        long deadline = System.nanoTime() + TickClient.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            client.nextTick();
        }
        throw new AssertionError("the connection to the killed instance is still open");
    }

    /**
     * Reads {@value #TICKS_AFTER_KILL} ticks after {@code last}, each higher than the one before, with at most one
     * number missing in all: that of a leader killed between its {@code INCR} and its publish (docs/samples.md,
     * Clustered push). Adds to {@code gaps} the longest wait for a tick from {@code start} (the kill) on.
     */
    private static List<Long> arrivals(TickClient client, long last, long start, List<Duration> gaps) {
        List<Long> ticks = new ArrayList<>();
        long previous = last;
        long previousAt = start;
        long longest = 0;
        try {
            while (ticks.size() < TICKS_AFTER_KILL) {
                long tick = client.nextTick();
                long now = System.nanoTime();
                assertThat(tick).as("the tick after %d", previous).isGreaterThan(previous);
                ticks.add(tick);
                longest = Math.max(longest, now - previousAt);
                previous = tick;
                previousAt = now;
            }
        } catch (IOException e) {
            throw new AssertionError("a client of a surviving instance lost its ticks after " + ticks, e);
        }
        assertThat(previous - last - ticks.size()).as("numbers skipped in %s after %d", ticks, last)
                .isLessThanOrEqualTo(1);
        synchronized (gaps) {
            gaps.add(Duration.ofNanos(longest));
        }
        return ticks;
    }

    /** The clients saw the same numbers, over the range they all read. */
    private static void assertSameNumbers(List<List<Long>> seen) {
        long from = seen.stream().mapToLong(ticks -> ticks.get(0)).max().orElseThrow();
        long to = seen.stream().mapToLong(ticks -> ticks.get(ticks.size() - 1)).min().orElseThrow();
        List<Long> first = seen.get(0).stream().filter(t -> t >= from && t <= to).toList();
        assertThat(to - from).as("the range every client read").isGreaterThanOrEqualTo(TICKS_AFTER_KILL / 2);
        for (List<Long> ticks : seen) {
            assertThat(ticks.stream().filter(t -> t >= from && t <= to).toList()).as("ticks %d to %d", from, to)
                    .isEqualTo(first);
        }
    }

    private static void closeAll(List<TickClient> clients) throws IOException {
        for (TickClient client : clients) {
            client.close();
        }
    }
}
