package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of the push server in one JVM sharing one ticker over a real redis-server that the tests start; plain
 * socket clients on every instance. Ticks every 100 ms, a lease of 500 ms.
 */
@Timeout(90)
class PushClusterTests {

    static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration LEASE = Duration.ofMillis(500);
    /** Longer than a few intervals, shorter than the client's read timeout and Lettuce's (2 s). */
    static final Duration STALL = Duration.ofMillis(1000);
    static final int TICKS = 10;
    /** Enough ticks to span a takeover (the lease is 5 intervals) and go on after it. */
    static final int FAILOVER_TICKS = 20;

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<TickClient> clients = new ArrayList<>();
    private final String keyPrefix = "push-test-" + UUID.randomUUID();
    private RedisProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (TickClient client : clients) {
            client.close();
        }
        instances.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @Test
    void everyClientOnEveryInstanceSeesTheSameTicksFromOneLeader() throws Exception {
        for (int i = 0; i < 3; i++) {
            clients.add(TickClient.connect(port(startInstance())));
        }
        await().atMost(TickClient.TIMEOUT).until(() -> leaders().size() == 1);
        long[] first = new long[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            first[i] = clients.get(i).nextTick();
        }
        long common = Arrays.stream(first).max().orElseThrow() + TICKS;
        for (int i = 0; i < clients.size(); i++) {
            assertThat(ticksUpTo(clients.get(i), first[i], common)).as("client %d", i).endsWith(common);
        }
        assertThat(leaders()).hasSize(1);
    }

    @Test
    void whenTheLeaderStopsAnotherGoesOnWithTheNextNumber() throws Exception {
        ConfigurableApplicationContext first = startInstance();
        await().atMost(TickClient.TIMEOUT).until(() -> leaders().contains(first));
        ConfigurableApplicationContext second = startInstance();
        TickClient client = TickClient.connect(port(second));
        clients.add(client);
        long last = client.nextTick();

        instances.remove(first);
        first.close(); // gives the lease up
        assertThat(longestWait(client, last, FAILOVER_TICKS)).isLessThan(LEASE);
        assertThat(leaders()).containsExactly(second);
    }

    @Test
    void aLeaderThatDiedIsReplacedWithinTheLeaseAndTheSequenceGoesOn() throws Exception {
        ConfigurableApplicationContext first = startInstance();
        await().atMost(TickClient.TIMEOUT).until(() -> leaders().contains(first));
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);
        long last = client.nextTick();

        // what a leader killed just after renewing leaves behind: a lease nobody renews, in no instance's name
        redis.call("SET", keyPrefix + ":leader", "a-dead-instance", "XX", "PX", Long.toString(LEASE.toMillis()));
        assertThat(longestWait(client, last, FAILOVER_TICKS)).as("the takeover")
                .isGreaterThan(LEASE.minus(INTERVAL.multipliedBy(2))).isLessThan(LEASE.plus(INTERVAL.multipliedBy(3)));
        assertThat(leaders()).hasSize(1);
    }

    @Test
    void aLeaseLeftWithNoExpiryIsGivenOneAndTakenOver() throws Exception {
        // a holder that is no instance of the cluster (set by hand, or by another program): without an expiry it
        // would keep every instance from ticking for ever
        redis.call("SET", keyPrefix + ":leader", "someone-else");
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);

        long start = System.nanoTime();
        assertThat(client.nextTick()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE.plus(INTERVAL.multipliedBy(3)));
        assertThat(redis.call("GET", keyPrefix + ":leader")).isNotEqualTo("someone-else");
    }

    @Test
    void aSequenceThatIsNoNumberIsSetPastTheLastTickSeen() throws Exception {
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);
        long last = client.nextTick();

        redis.call("SET", keyPrefix + ":sequence", "not a number");
        assertThat(longestWait(client, last, TICKS)).isLessThan(LEASE);
        redis.call("DEL", keyPrefix + ":sequence");
        redis.call("LPUSH", keyPrefix + ":sequence", "a list");
        assertThat(longestWait(client, last + TICKS, TICKS)).isLessThan(LEASE);
    }

    @Test
    void redisFlushedMidRunRepeatsNoNumber() throws Exception {
        startInstance();
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);
        long last = client.nextTick();

        redis.call("FLUSHALL");
        assertThat(longestWait(client, last, FAILOVER_TICKS)).isLessThan(LEASE.plus(INTERVAL.multipliedBy(3)));
        assertThat(leaders()).hasSize(1);
    }

    @Test
    void roundsMissedWhileRedisStalledAreNotMadeUpInABurst() throws Exception {
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);
        long last = client.nextTick();

        redis.call("CLIENT", "PAUSE", Long.toString(STALL.toMillis()), "WRITE"); // the leader's next round waits
        long[] arrivals = new long[TICKS];
        for (int i = 0; i < TICKS; i++) {
            assertThat(client.nextTick()).isEqualTo(last + 1 + i);
            arrivals[i] = System.nanoTime();
        }
        long bunched = IntStream.range(1, TICKS)
                .filter(i -> arrivals[i] - arrivals[i - 1] < INTERVAL.toNanos() / 3).count();
        assertThat(bunched).as("ticks less than a third of an interval after the one before").isLessThanOrEqualTo(1);
    }

    @Test
    void whatIsNoTickOfTheClusterOnTheChannelReachesNoClient() throws Exception {
        TickClient client = TickClient.connect(port(startInstance()));
        clients.add(client);
        long last = client.nextTick();

        String channel = keyPrefix + ":ticks";
        for (String forged : List.of("hello\nworld", "tick 1", "tick " + last, "tick -5", "tick x", "", "tick 1 2",
                "tick 99999999999999999999", "x".repeat(100_000))) {
            redis.call("PUBLISH", channel, forged);
        }
        assertThat(longestWait(client, last, TICKS)).isLessThan(LEASE);
        assertThat(instances.get(0).getBean(LeasedTicker.class).foreignMessages()).isEqualTo(9);
    }

    /**
     * Reads {@code count} ticks after {@code last}, each one more than the one before (no number repeated or
     * skipped), and returns the longest wait for one.
     */
    private static Duration longestWait(TickClient client, long last, int count) throws Exception {
        Duration longest = Duration.ZERO;
        for (long expected = last + 1; expected <= last + count; expected++) {
            long start = System.nanoTime();
            assertThat(client.nextTick()).as("the tick after %d", expected - 1).isEqualTo(expected);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            longest = waited.compareTo(longest) > 0 ? waited : longest;
        }
        return longest;
    }

    /** Reads ticks after {@code first} up to {@code last}, each one more than the one before, and returns them. */
    private static List<Long> ticksUpTo(TickClient client, long first, long last) throws Exception {
        List<Long> ticks = new ArrayList<>(List.of(first));
        for (long expected = first + 1; expected <= last; expected++) {
            ticks.add(client.nextTick());
            assertThat(ticks).as("ticks seen").endsWith(expected);
        }
        return ticks;
    }

    private List<ConfigurableApplicationContext> leaders() {
        return instances.stream().filter(instance -> instance.getBean(LeasedTicker.class).isLeader()).toList();
    }

    /** Starts an instance of the push server in the cluster and returns once it listens to the ticks' channel. */
    private ConfigurableApplicationContext startInstance() {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(PushServerApplication.class).run(
                "--gev.port=0", "--gev.host=127.0.0.1", "--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--push.interval=" + INTERVAL.toMillis() + "ms", "--push.cluster.enabled=true",
                "--push.cluster.key-prefix=" + keyPrefix, "--push.cluster.lease=" + LEASE.toMillis() + "ms",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
                "--spring.data.redis.timeout=2s");
        instances.add(instance);
        int subscribers = instances.size();
        String channel = keyPrefix + ":ticks";
        await().atMost(TickClient.TIMEOUT)
                .until(() -> redis.call("PUBSUB", "NUMSUB", channel).equals(List.of(channel, (long) subscribers)));
        return instance;
    }

    private static int port(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
    }
}
