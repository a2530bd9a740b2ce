package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.RedisProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of the chat in one JVM, each on a port of its own, sharing a room over a real redis-server that the tests
 * start, stop and start again; members on the JDK's WebSocket client.
 */
@Timeout(90)
@ExtendWith(OutputCaptureExtension.class)
class ChatClusterTests {

    static final int MESSAGES_PER_MEMBER = 50;
    static final Duration MEMBER_TTL = Duration.ofSeconds(1);
    static final Duration QUIET = Duration.ofMillis(300);

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<ChatMember> members = new ArrayList<>();
    private final String keyPrefix = "chat-test-" + UUID.randomUUID();
    private RedisProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        members.forEach(ChatMember::close);
        instances.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @Test
    void everyMemberOnEveryInstanceHearsEveryLineOnceAndEachSendersLinesInOrder() {
        int a = port(startInstance());
        int b = port(startInstance());
        int c = port(startInstance());
        List<ChatMember> room = List.of(join(a, "alice"), join(a, "dave"), join(b, "bob"), join(c, "carol"));
        IntStream.range(0, room.size()).forEach(i -> room.subList(i, room.size())
                .forEach(later -> room.get(i).awaitHeard("* " + later.name + " joined")));

        ChatMember.sayAtOnce(room, MESSAGES_PER_MEMBER);

        int expected = room.size() * MESSAGES_PER_MEMBER;
        for (ChatMember listener : room) {
            // exactly: a duplicate arriving within the quiet period fails the wait
            await().atMost(ChatMember.TIMEOUT).during(QUIET).until(() -> listener.chatLines().size() == expected);
            room.forEach(sender -> listener.assertHeardInOrder(sender, MESSAGES_PER_MEMBER));
        }
    }

    @Test
    void whoListsTheWholeRoomAndTheMembersOfAnInstanceThatDiedVanishWithinTheMemberTtl() throws IOException {
        int a = port(startInstance());
        int b = port(startInstance());
        ChatMember alice = join(a, "alice");
        join(b, "bob");
        alice.awaitHeard("* bob joined");
        assertThat(who(alice)).isEqualTo("* in the room: alice, bob");

        // what an instance that was killed leaves behind: an entry nobody renews
        redis.call("ZADD", keyPrefix + ":members", Long.toString(System.currentTimeMillis()),
                "a-dead-instance/1/ghost");
        assertThat(who(alice)).isEqualTo("* in the room: alice, bob, ghost");
        long deadline = System.nanoTime() + MEMBER_TTL.toNanos();
        await().atMost(MEMBER_TTL.multipliedBy(2)).until(() -> who(alice).equals("* in the room: alice, bob"));
        assertThat(System.nanoTime()).as("the ghost outlived its TTL").isGreaterThanOrEqualTo(deadline);

        instances.remove(1).close(); // stopped: its members leave at once, not after the TTL
        Object entries = redis.call("ZRANGE", keyPrefix + ":members", "0", "-1");
        assertThat(entries).asList().singleElement().asString().endsWith("/alice");
    }

    @Test
    void whileRedisIsDownEachInstanceChatsOnItsOwnAndOnceItIsBackTheClusterHealsByItself() throws Exception {
        ConfigurableApplicationContext first = startInstance();
        int a = port(first);
        int b = port(startInstance());
        ChatMember alice = join(a, "alice");
        ChatMember dave = join(a, "dave");
        ChatMember bob = join(b, "bob");
        alice.awaitHeard("* bob joined");
        assertThat(redisHealth(first)).isEqualTo(Status.UP);

        redis.stop();
        await().atMost(ChatMember.TIMEOUT).until(() -> redisHealth(first).equals(Status.DOWN));
        alice.say("while redis is down");
        dave.awaitHeard("alice: while redis is down");
        assertThat(who(alice)).isEqualTo("* in the room on this instance (the cluster is unreachable): alice, dave");

        redis.restart();
        await().atMost(ChatMember.TIMEOUT).until(() -> redisHealth(first).equals(Status.UP));
        int[] tries = { 0 };
        await().atMost(ChatMember.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            alice.say("are you back? " + tries[0]++);
            return bob.heard().stream().anyMatch(line -> line.startsWith("alice: are you back?"));
        });
        IntStream.range(0, MESSAGES_PER_MEMBER).forEach(i -> alice.say("after " + i));
        List<String> after = IntStream.range(0, MESSAGES_PER_MEMBER).mapToObj(i -> "alice: after " + i).toList();
        await().atMost(ChatMember.TIMEOUT).until(() -> bob.heard().containsAll(after));
        assertThat(bob.heard()).filteredOn(line -> line.startsWith("alice: after ")).containsExactlyElementsOf(after);
        assertThat(bob.heard()).doesNotContain("alice: while redis is down");
        await().atMost(ChatMember.TIMEOUT).until(() -> who(alice).equals("* in the room: alice, bob, dave"));
    }

    @Test
    void aFloodOfWhoWhileRedisIsStalledHoldsBackNoLine() throws IOException {
        int a = port(startInstance());
        ChatMember bob = join(port(startInstance()), "bob");
        ChatMember alice = join(a, "alice");
        ChatMember mallory = join(a, "mallory");
        bob.awaitHeard("* mallory joined");
        int flood = RedisChatCluster.MAX_PENDING + 1000;
        List<String> lines = IntStream.range(0, 10).mapToObj(i -> "alice: line " + i).toList();

        whileRedisWritesArePaused(() -> {
            IntStream.range(0, flood).forEach(i -> mallory.say(ChatRoom.WHO));
            mallory.say("done");
            alice.awaitHeard("mallory: done"); // mallory's instance has taken every /who
            IntStream.range(0, lines.size()).forEach(i -> alice.say("line " + i));
            alice.awaitHeard(lines.get(lines.size() - 1));
        });
        await().atMost(ChatMember.TIMEOUT).until(() -> bob.heard().containsAll(lines));
        assertThat(bob.heard()).filteredOn(line -> line.startsWith("alice: ")).containsExactlyElementsOf(lines);
        await().atMost(ChatMember.TIMEOUT).until(() -> mallory.heard().stream()
                .filter(line -> line.startsWith("* in the room")).count() == flood);
    }

    @Test
    void linesBeyondWhatMayWaitForAStalledRedisAreDroppedCountedAndLoggedOnce(CapturedOutput output)
            throws IOException {
        ConfigurableApplicationContext instance = startInstance();
        ChatMember alice = join(port(instance), "alice");
        int lines = RedisChatCluster.MAX_PENDING + 100;
        whileRedisWritesArePaused(() -> {
            IntStream.range(0, lines).forEach(i -> alice.say("line " + i));
            alice.awaitHeard("alice: line " + (lines - 1)); // her instance has taken every line
        });
        RedisChatCluster cluster = instance.getBean(RedisChatCluster.class);
        assertThat(cluster.droppedCalls()).isBetween(50L, 101L); // 100, less those the stalled thread timed out
        await().atMost(ChatMember.TIMEOUT).until(() -> output.getAll().contains("the Redis calls caught up"));
        assertThat(output.getAll().lines().filter(line -> line.contains("Redis calls are waiting"))).hasSize(1);
    }

    @Test
    void aMembersKeyOverwrittenWithAnotherTypeIsReplacedAtTheNextHeartbeat() throws IOException {
        ChatMember alice = join(port(startInstance()), "alice");
        ChatMember bob = join(port(startInstance()), "bob");
        alice.awaitHeard("* bob joined");

        redis.call("SET", keyPrefix + ":members", "not a sorted set"); // before, /who failed from then on
        await().atMost(ChatMember.TIMEOUT).until(() -> who(bob).equals("* in the room: alice, bob"));
        assertThat(redis.call("TYPE", keyPrefix + ":members")).isEqualTo("zset");
    }

    @Test
    void whoListsAHundredNamesAtMostAndNoEntryFromTheFuture() throws IOException {
        ChatMember alice = join(port(startInstance()), "alice");
        String members = keyPrefix + ":members";
        // an entry no instance wrote, scored far ahead: before, it never expired
        redis.call("ZADD", members, Long.toString(Long.MAX_VALUE / 2), "forged/1/ghost");
        await().atMost(ChatMember.TIMEOUT).until(() -> who(alice).equals("* in the room: alice"));

        List<String> zadd = new ArrayList<>(List.of("ZADD", members));
        String score = Long.toString(System.currentTimeMillis() + MEMBER_TTL.toMillis() / 2);
        IntStream.range(0, 150).forEach(i -> zadd.addAll(List.of(score, "another/" + i + "/m" + i)));
        redis.call(zadd.toArray(String[]::new));
        String answer = who(alice);
        assertThat(answer).startsWith("* in the room: ").endsWith(" and 51 more");
        assertThat(answer.split(", ")).hasSize(ChatCluster.Names.MAX_LISTED);
    }

    @Test
    void aMessageOnTheChannelThatNoInstanceSentReachesNoMember() throws IOException {
        ConfigurableApplicationContext instance = startInstance();
        ChatMember alice = join(port(instance), "alice");
        String channel = keyPrefix + ":lines";
        String anotherInstance = UUID.randomUUID().toString();
        int maxLine = 64 * 1024 + ChatRoom.MAX_NAME_LENGTH * 3 + 2; // gev.protocol.max-frame-length is 64KB

        for (String forged : List.of("no instance id", "not-an-id\nforged: a", "\nforged: b", "",
                anotherInstance + "\nforged: " + "x".repeat(maxLine))) {
            redis.call("PUBLISH", channel, forged);
        }
        redis.call("PUBLISH", channel, anotherInstance + "\n" + "y".repeat(maxLine));
        redis.call("PUBLISH", channel, anotherInstance + "\nbob: hi <b>\"alice\"</b>\n");
        alice.awaitHeard("bob: hi <b>\"alice\"</b>\n");
        assertThat(alice.heard()).containsExactly("* alice joined", "y".repeat(maxLine), "bob: hi <b>\"alice\"</b>\n");
        assertThat(instance.getBean(RedisChatCluster.class).foreignMessages()).isEqualTo(5);
    }

    /** Runs {@code action} while Redis postpones every write (of the instances' Redis threads too). */
    private void whileRedisWritesArePaused(Runnable action) throws IOException {
        redis.call("CLIENT", "PAUSE", "60000", "WRITE");
        try {
            action.run();
        } finally {
            redis.call("CLIENT", "UNPAUSE");
        }
    }

    /** Starts an instance of the chat in the cluster and returns once it listens to the room's channel. */
    private ConfigurableApplicationContext startInstance() {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(WebSocketChatApplication.class).run(
                "--gev.port=0", "--gev.host=127.0.0.1", "--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--chat.cluster.enabled=true",
                "--chat.cluster.key-prefix=" + keyPrefix, "--chat.cluster.heartbeat=200ms",
                "--chat.cluster.member-ttl=" + MEMBER_TTL.toMillis() + "ms", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redis.port(), "--spring.data.redis.timeout=2s");
        instances.add(instance);
        int subscribers = instances.size();
        String channel = keyPrefix + ":lines";
        await().atMost(ChatMember.TIMEOUT)
                .until(() -> redis.call("PUBSUB", "NUMSUB", channel).equals(List.of(channel, (long) subscribers)));
        return instance;
    }

    private static int port(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
    }

    private ChatMember join(int port, String name) {
        ChatMember member = ChatMember.join(port, name);
        members.add(member);
        return member;
    }

    /** Asks {@code member}'s instance who is in the room and returns the answer. */
    private static String who(ChatMember member) {
        int before = member.heard().size();
        member.say(ChatRoom.WHO);
        await().atMost(ChatMember.TIMEOUT).until(() -> member.heard().stream().skip(before)
                .anyMatch(line -> line.startsWith("* in the room")));
        return member.heard().stream().skip(before).filter(line -> line.startsWith("* in the room")).findFirst()
                .orElseThrow();
    }

    private static Status redisHealth(ConfigurableApplicationContext instance) {
        return instance.getBean(HealthEndpoint.class).healthForPath("redis").getStatus();
    }
}
