package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.containers.ContainerImages;
import io.gev.containers.RedisSampleCluster;
import io.gev.containers.SampleContainer;
import io.gev.samples.chat.ReconnectingMember.Heard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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
 * The clustered chat in containers: a Redis container, three instances of the sample's image and HAProxy in front
 * (PROXY v2) on a network of their own, and 30 members on the JDK's WebSocket client, all through HAProxy, which
 * reconnect as the page does. One cluster for the class, the tests in order: the exchange, Redis restarted, one
 * instance stopped ({@code docker stop}), another killed ({@code docker kill}). Heartbeats every second and a member
 * TTL of 3 s, so that a killed instance's members vanish from {@code /who} within seconds.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChatClusterIT {

    static final int PORT = 8080;
    static final int MEMBERS = 30;
    static final int INSTANCES = 3;
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration MEMBER_TTL = Duration.ofSeconds(3);
    static final Duration QUIET = Duration.ofMillis(500);
    static final Duration ROUND = Duration.ofMillis(100);
    static final String CHANNEL = "gev-chat:lines";

    private static final Logger log = LoggerFactory.getLogger(ChatClusterIT.class);

    private static RedisSampleCluster cluster;
    private static List<SampleContainer> instances;
    private static ChatBalancer balancer;
    private static final List<ReconnectingMember> members = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        cluster = new RedisSampleCluster();
        instances = cluster.instances();
        cluster.start(ContainerImages.sampleImage("websocket-chat"), PORT, List.of("chat-a", "chat-b", "chat-c"),
                List.of("--gev.proxy-protocol=required", "--gev.trusted-proxies=" + cluster.subnet(),
                        "--chat.cluster.enabled=true", "--chat.cluster.heartbeat=" + HEARTBEAT.toMillis() + "ms",
                        "--chat.cluster.member-ttl=" + MEMBER_TTL.toMillis() + "ms",
                        "--spring.data.redis.timeout=2s"));
        balancer = new ChatBalancer(cluster.network(), PORT, instances);
        balancer.start();
        await("every instance up in HAProxy").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> balancer.servers().values().stream().filter(ChatBalancer.Server::up).count()
                        == INSTANCES);
        await("every instance subscribed").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> cluster.redis().subscribers(CHANNEL) == INSTANCES);
        log.info("chat cluster up in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @AfterAll
    static void stopCluster() {
        members.forEach(ReconnectingMember::leave);
        if (balancer != null) {
            balancer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void thirtyMembersSpreadOverTheInstancesHearEveryLineOnceAndEachSendersLinesInOrder() throws Exception {
        for (int i = 0; i < MEMBERS; i++) {
            members.add(ReconnectingMember.join(balancer.address(PORT), "m%02d".formatted(i)));
        }
        assertThat(balancer.servers().values()).as("connections per instance")
                .allSatisfy(server -> assertThat(server.connections()).isEqualTo(MEMBERS / INSTANCES));
        Map<ReconnectingMember, Integer> before = connections();

        for (int k = 0; k < 20; k++) {
            for (ReconnectingMember member : members) {
                member.say("hello " + k);
            }
        }
        assertEveryLineHeardOnce("hello", before);
        assertThat(members).allSatisfy(m -> assertThat(m.said()).filteredOn(s -> s.line().startsWith("hello "))
                .hasSize(20));
    }

    @Test
    @Order(2)
    void whileRedisIsDownEachInstanceChatsOnItsOwnAndOnceItIsBackTheRoomHeals() throws Exception {
        cluster.redis().stop();
        ReconnectingMember first = members.get(0);
        await("the cluster unreachable").atMost(ReconnectingMember.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> who(first).contains("the cluster is unreachable"));
        List<List<String>> groups = instanceGroups();
        assertThat(groups).as("the members of each instance, as /who lists them during the outage")
                .hasSize(INSTANCES).allSatisfy(group -> assertThat(group).hasSize(MEMBERS / INSTANCES));
        first.say("while redis is down");
        String outageLine = first.name + ": while redis is down";
        for (ReconnectingMember member : members) {
            if (groups.get(0).contains(member.name)) {
                member.awaitHeard(outageLine);
            }
        }

        long restarted = System.nanoTime();
        cluster.redis().startAgain();
        List<ReconnectingMember> speakers = groups.stream().map(group -> member(group.get(0))).toList();
        int[] probe = { 0 };
        await("lines across instances again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    probe[0]++;
                    speakers.forEach(speaker -> speaker.say("probe " + probe[0]));
                    return speakers.stream().allMatch(listener -> speakers.stream().allMatch(speaker -> listener
                            .lines().stream().anyMatch(line -> line.startsWith(speaker.name + ": probe "))));
                });
        long healed = System.nanoTime();

        Map<ReconnectingMember, Integer> before = connections();
        for (int k = 0; k < 5; k++) {
            for (ReconnectingMember member : members) {
                member.say("after " + k);
            }
        }
        assertEveryLineHeardOnce("after", before);
        assertThat(members).filteredOn(m -> !groups.get(0).contains(m.name))
                .allSatisfy(m -> assertThat(m.lines()).as("what %s heard", m.name).doesNotContain(outageLine));
        await("/who complete again").atMost(ReconnectingMember.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> who(first).equals(wholeRoom()));
        log.info("redis restarted: lines crossed instances again {} ms after it started (the line said during the "
                + "outage reached only the {} members of its instance)",
                Duration.ofNanos(healed - restarted).toMillis(), groups.get(0).size());
    }

    @Test
    @Order(3)
    void dockerStopMovesItsMembersToTheOtherInstancesAndTheOthersMissNothing() throws Exception {
        SampleContainer stopped = instances.get(0);
        Outcome outcome = loseInstanceWhileTalking("stop", stopped, s -> s.stop(Duration.ofSeconds(30)));
        assertThat(stopped.exitCode()).as("exit code (143: SIGTERM)").isEqualTo(143L);
        log.info("docker stop {}: its {} members back in the room in at most {} ms (median {} ms); /who listed each "
                + "member once {} ms after the stop began", stopped, outcome.moved(), outcome.slowestBack().toMillis(),
                outcome.medianBack().toMillis(), outcome.roomWhole().toMillis());
    }

    @Test
    @Order(4)
    void dockerKillMovesItsMembersAndTheirOldEntriesLeaveWhoWithinTheMemberTtl() throws Exception {
        SampleContainer killed = instances.get(1);
        Outcome outcome = loseInstanceWhileTalking("kill", killed, SampleContainer::kill);
        assertThat(killed.exitCode()).as("exit code (137: SIGKILL)").isEqualTo(137L);
        // no goodbye from a killed instance: its entries stay until they expire, between TTL - heartbeat and TTL
        assertThat(outcome.roomWhole()).as("the killed instance's members gone from /who after")
                .isGreaterThan(MEMBER_TTL.minus(HEARTBEAT).minus(ROUND.multipliedBy(5)))
                .isLessThan(MEMBER_TTL.plus(Duration.ofSeconds(2)));
        log.info("docker kill {}: its {} members back in the room in at most {} ms (median {} ms); their old entries "
                + "gone from /who {} ms after the kill (member TTL {} ms, heartbeat {} ms)", killed,
                outcome.moved(), outcome.slowestBack().toMillis(), outcome.medianBack().toMillis(),
                outcome.roomWhole().toMillis(), MEMBER_TTL.toMillis(), HEARTBEAT.toMillis());
    }

    /**
     * Every member says a line every {@link #ROUND} ({@code <phase> <n>}) while {@code lose} ends {@code instance};
     * goes on until the members it held are all back (through HAProxy, on the other instances), have said a few lines
     * there, and {@code /who} lists every member once (asked of a member that stayed); then checks that nobody whose
     * connection stayed up missed a line.
     */
    private static Outcome loseInstanceWhileTalking(String phase, SampleContainer instance,
            Consumer<SampleContainer> lose) throws Exception {
        int held = balancer.servers().get(instance.alias()).connections();
        assertThat(held).as("members on %s", instance).isPositive();
        Map<ReconnectingMember, Integer> before = connections();
        int[] round = { 0 };
        Runnable talk = () -> {
            round[0]++;
            members.forEach(m -> m.say(phase + " " + round[0]));
        };
        await().atMost(ReconnectingMember.TIMEOUT).pollInterval(ROUND).until(() -> {
            talk.run();
            return round[0] >= 5;
        });
        long lostAt = System.nanoTime();
        long[] roomWholeAt = { 0 };
        CompletableFuture<Void> losing = CompletableFuture.runAsync(() -> lose.accept(instance));
        await(held + " members back").atMost(Duration.ofSeconds(60)).pollInterval(ROUND).until(() -> {
            talk.run();
            List<ReconnectingMember> moved = moved(before);
            if (!losing.isDone() || moved.size() != held || !moved.stream().allMatch(m -> m.said().stream()
                    .filter(s -> s.connection() == m.connection()).count() >= 3)) {
                return false;
            }
            ReconnectingMember observer = members.stream().filter(m -> !moved.contains(m)).findFirst().orElseThrow();
            if (who(observer).equals(wholeRoom())) {
                roomWholeAt[0] = System.nanoTime();
            }
            return roomWholeAt[0] != 0;
        });
        losing.join();
        List<ReconnectingMember> moved = moved(before);
        assertEveryLineHeardOnce(phase, before);
        assertThat(balancer.servers().get(instance.alias()).connections()).as("connections left on %s", instance)
                .isZero();
        List<Duration> back = moved.stream().map(ChatClusterIT::timeBack).sorted().toList();
        return new Outcome(moved.size(), back.get(back.size() - 1), back.get(back.size() / 2),
                Duration.ofNanos(roomWholeAt[0] - lostAt));
    }

    /**
     * Waits until each member whose connection stayed up since {@code before} heard the lines of {@code phase}: all
     * of those said by every other such member, once each and in the order said; and of a member that was cut off and
     * came back, every line it said on its new connection, each line at most once and in order. The counts must hold
     * for a quiet period, so that a duplicate arriving late fails.
     */
    private static void assertEveryLineHeardOnce(String phase, Map<ReconnectingMember, Integer> before) {
        members.forEach(ReconnectingMember::awaitSent);
        List<ReconnectingMember> stayed = members.stream().filter(m -> m.connection() == before.get(m)).toList();
        await("every " + phase + " line heard").atMost(ReconnectingMember.TIMEOUT).during(QUIET)
                .until(() -> stayed.stream().allMatch(listener -> members.stream().allMatch(sender -> heardAsSaid(
                        listener, sender, phase, sender.connection() == before.get(sender)))));
    }

    /** Whether {@code listener} heard {@code sender}'s lines of {@code phase} as {@link #assertEveryLineHeardOnce}. */
    private static boolean heardAsSaid(ReconnectingMember listener, ReconnectingMember sender, String phase,
            boolean senderStayed) {
        String prefix = sender.name + ": " + phase + " ";
        List<String> heard = listener.lines().stream().filter(line -> line.startsWith(prefix)).toList();
        List<String> said = sender.said().stream().filter(s -> s.line().startsWith(phase + " "))
                .filter(s -> senderStayed || s.connection() == sender.connection())
                .map(s -> sender.name + ": " + s.line()).toList();
        if (senderStayed) {
            return heard.equals(said);
        }
        List<Integer> numbers = heard.stream().map(line -> Integer.parseInt(line.substring(prefix.length()))).toList();
        return IntStream.range(1, numbers.size()).allMatch(i -> numbers.get(i) > numbers.get(i - 1))
                && heard.containsAll(said);
    }

    /** How long {@code member} was out of the room: from its connection dropping to its join heard again. */
    private static Duration timeBack(ReconnectingMember member) {
        Heard rejoined = member.heard().stream()
                .filter(h -> h.connection() == member.connection() && h.line().equals("* " + member.name + " joined"))
                .findFirst().orElseThrow();
        return Duration.ofNanos(rejoined.nanos() - member.droppedAt());
    }

    private static Map<ReconnectingMember, Integer> connections() {
        Map<ReconnectingMember, Integer> connections = new HashMap<>();
        members.forEach(m -> connections.put(m, m.connection()));
        return connections;
    }

    /** The members that came back on a new connection since {@code before}, and heard their own join there. */
    private static List<ReconnectingMember> moved(Map<ReconnectingMember, Integer> before) {
        return members.stream().filter(m -> m.connection() > before.get(m)).filter(m -> m.heard().stream()
                .anyMatch(h -> h.connection() == m.connection() && h.line().equals("* " + m.name + " joined")))
                .toList();
    }

    /** During an outage: the members of each instance, as {@code /who} on that instance lists them. */
    private static List<List<String>> instanceGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ReconnectingMember member : members) {
            if (groups.values().stream().noneMatch(group -> group.contains(member.name))) {
                String answer = who(member);
                assertThat(answer).startsWith("* in the room on this instance (the cluster is unreachable): ");
                groups.put(member.name, List.of(answer.substring(answer.indexOf("): ") + 3).split(", ")));
            }
        }
        return List.copyOf(groups.values());
    }

    private static ReconnectingMember member(String name) {
        return members.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static String wholeRoom() {
        return "* in the room: " + String.join(", ", members.stream().map(m -> m.name).sorted().toList());
    }

    /** Asks {@code member}'s instance who is in the room and returns the answer. */
    private static String who(ReconnectingMember member) {
        int before = member.heard().size();
        member.say(ChatRoom.WHO);
        await().atMost(ReconnectingMember.TIMEOUT).until(() -> member.lines().stream().skip(before)
                .anyMatch(line -> line.startsWith("* in the room")));
        return member.lines().stream().skip(before).filter(line -> line.startsWith("* in the room")).findFirst()
                .orElseThrow();
    }

    /**
     * What losing an instance did: how many members it moved, the slowest and the median time for one of them to be
     * back in the room, and how long after the loss began {@code /who} listed every member once.
     */
    private record Outcome(int moved, Duration slowestBack, Duration medianBack, Duration roomWhole) {
    }
}
