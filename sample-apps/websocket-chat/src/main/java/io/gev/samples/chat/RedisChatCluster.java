package io.gev.samples.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.gev.spring.autoconfigure.GevServerLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The room shared over Redis ({@code chat.cluster.enabled=true}). Lines go out on the channel
 * {@code <prefix>:lines}, each tagged with this instance's id so that this instance skips its own lines when Redis
 * echoes them: it gave them to its members at once. A message on the channel that no instance sends (no instance id,
 * or a line longer than a member may say) is dropped, counted, and logged the first time. The room's members are the
 * sorted set {@code <prefix>:members}, one entry per member ({@code instance/id/name}) scored with the time of its
 * instance's last heartbeat; entries older than {@code chat.cluster.member-ttl} are dropped, so the members of an
 * instance that died vanish within that time.
 *
 * <p>Thread safe. Every Redis call runs on one thread of its own, never on an event loop: in the order asked, which
 * keeps each sender's lines in order, and at most {@value #MAX_PENDING} waiting (more are dropped, counted and logged,
 * rather than piling up while Redis is slow). Members' {@code /who} share one query: while one waits for the Redis
 * thread, later ones get its answer, so that a flood of them neither piles up nor holds the lines back. While Redis is
 * unreachable the calls fail at once (Lettuce rejects commands while it reconnects) and what they carried is lost to
 * the other instances.
 */
final class RedisChatCluster implements ChatCluster, SmartLifecycle {

    static final int MAX_PENDING = 10_000;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(RedisChatCluster.class);

    private final String instanceId = UUID.randomUUID().toString();
    private final StringRedisTemplate redis;
    private final String channel;
    private final String membersKey;
    private final Duration memberTtl;
    private final Map<Long, RoomMember> local = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "chat-redis");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final Duration heartbeat;
    /** The longest message on the channel that an instance sends: its id, a LF and the longest line. */
    private final int maxMessageBytes;
    /** The {@code /who} query waiting for the Redis thread, which later ones join; null when none waits. */
    private final AtomicReference<CompletableFuture<Names>> waitingQuery = new AtomicReference<>();
    private final LongAdder foreignMessages = new LongAdder();
    private final LongAdder droppedCalls = new LongAdder();
    /** Whether calls are being dropped (logged at the first): until the waiting ones are done. */
    private final AtomicBoolean dropping = new AtomicBoolean();
    private volatile ScheduledFuture<?> heartbeats;

    /**
     * @param maxLineBytes the longest line a member can say, in bytes (its longest message, plus its name and
     *                     {@code ": "})
     */
    RedisChatCluster(StringRedisTemplate redis, ChatProperties.Cluster properties, int maxLineBytes) {
        this.redis = redis;
        this.channel = properties.keyPrefix() + ":lines";
        this.membersKey = properties.keyPrefix() + ":members";
        this.memberTtl = properties.memberTtl();
        this.heartbeat = properties.heartbeat();
        this.maxMessageBytes = instanceId.length() + 1 + maxLineBytes;
    }

    /** The Redis channel the lines go out on. Thread safe. */
    String channel() {
        return channel;
    }

    /**
     * The line carried by {@code message} from the channel, or null when this instance sent it or no instance did.
     * Thread safe.
     */
    String lineFrom(byte[] message) {
        String text = message.length > maxMessageBytes ? null : new String(message, StandardCharsets.UTF_8);
        int end = text == null ? -1 : text.indexOf('\n');
        if (end != instanceId.length()) {
            foreignMessages.increment();
            if (foreignMessages.sum() == 1) {
                log.warn("dropped a message of {} bytes on {} that no instance of the chat sent (only the first is "
                        + "logged)", message.length, channel);
            }
            return null;
        }
        return text.startsWith(instanceId) ? null : text.substring(end + 1);
    }

    /** Messages on the channel dropped by {@link #lineFrom} as no instance's, ever. Thread safe. */
    long foreignMessages() {
        return foreignMessages.sum();
    }

    @Override
    public void share(String line) {
        submit(() -> redis.convertAndSend(channel, instanceId + '\n' + line));
    }

    @Override
    public void joined(RoomMember member) {
        local.put(member.id(), member);
        submit(() -> redis.opsForZSet().add(membersKey, entry(member), System.currentTimeMillis()));
    }

    @Override
    public void left(RoomMember member) {
        local.remove(member.id());
        submit(() -> redis.opsForZSet().remove(membersKey, entry(member)));
    }

    @Override
    public CompletionStage<Names> names(Collection<RoomMember> members) {
        return query().handle((names, failure) -> failure == null ? names : Names.local(members));
    }

    /** The {@code /who} query waiting for the Redis thread, or a new one. */
    private CompletableFuture<Names> query() {
        CompletableFuture<Names> made = new CompletableFuture<>();
        CompletableFuture<Names> waiting = waitingQuery.compareAndExchange(null, made);
        if (waiting != null) {
            return waiting;
        }
        try {
            worker.execute(() -> {
                waitingQuery.compareAndSet(made, null); // from now on a /who asks anew
                try {
                    made.complete(clusterNames());
                    called(null);
                } catch (RuntimeException e) {
                    made.completeExceptionally(e);
                    called(e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            waitingQuery.compareAndSet(made, null);
            made.completeExceptionally(stopped);
        }
        return made;
    }

    /** Starts the heartbeats. */
    @Override
    public void start() {
        long millis = heartbeat.toMillis();
        heartbeats = worker.scheduleWithFixedDelay(() -> call(this::heartbeat), 0, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Once gev has drained (each member that left was taken off the sorted set), takes off any member still listed
     * and stops the Redis thread, while Redis is still connected.
     */
    @Override
    public void stop() {
        heartbeats.cancel(false);
        heartbeats = null;
        submit(() -> local.values().forEach(m -> redis.opsForZSet().remove(membersKey, entry(m))));
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("the chat's Redis calls did not end within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    /** Started before gev's server and stopped after its drain, before Redis' connection factory (phase 0). */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE - 1;
    }

    /** The first {@value Names#MAX_LISTED} names (by heartbeat) and how many members there are. */
    private Names clusterNames() {
        dropExpired();
        Set<String> first = redis.opsForZSet().range(membersKey, 0, Names.MAX_LISTED - 1);
        Long total = redis.opsForZSet().zCard(membersKey);
        return Names.of(first.stream().map(RedisChatCluster::nameOf).toList(), total == null ? 0 : total, true);
    }

    /** Refreshes this instance's members; a members key that is no sorted set (not of this room) is replaced. */
    private void heartbeat() {
        try {
            refreshMembers();
        } catch (RuntimeException e) {
            if (!isWrongType(e)) {
                throw e;
            }
            log.warn("{} held no sorted set: replaced by a new one, with this instance's members", membersKey);
            redis.delete(membersKey);
            refreshMembers();
        }
    }

    private void refreshMembers() {
        long now = System.currentTimeMillis();
        for (RoomMember member : local.values()) {
            redis.opsForZSet().add(membersKey, entry(member), now);
        }
        dropExpired();
    }

    /** Whether Redis refused a call as against a key of another type. */
    private static boolean isWrongType(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("WRONGTYPE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the entries older than the member TTL, and those more than a TTL ahead of this instance's clock, which
     * no instance wrote (they would never expire).
     */
    private void dropExpired() {
        long now = System.currentTimeMillis();
        redis.opsForZSet().removeRangeByScore(membersKey, Double.NEGATIVE_INFINITY, now - memberTtl.toMillis() - 1);
        redis.opsForZSet().removeRangeByScore(membersKey, now + memberTtl.toMillis() + 1, Double.POSITIVE_INFINITY);
    }

    private String entry(RoomMember member) {
        return instanceId + '/' + member.id() + '/' + member.name();
    }

    private static String nameOf(String entry) {
        return entry.substring(entry.indexOf('/', entry.indexOf('/') + 1) + 1);
    }

    private void submit(Runnable task) {
        if (worker.getQueue().size() >= MAX_PENDING) {
            droppedCalls.increment();
            if (!dropping.getAndSet(true)) {
                log.warn("{} Redis calls are waiting: dropping the next ones (lines or member entries the other "
                        + "instances miss) until they caught up", MAX_PENDING);
            }
            return;
        }
        try {
            worker.execute(() -> call(task));
        } catch (RejectedExecutionException stopped) {
            log.debug("the chat cluster has stopped: a Redis call was dropped");
        }
    }

    private void call(Runnable task) {
        try {
            task.run();
            called(null);
        } catch (RuntimeException e) {
            called(e);
        }
        if (dropping.get() && worker.getQueue().isEmpty() && dropping.getAndSet(false)) {
            log.info("the Redis calls caught up; {} were dropped since this instance started", droppedCalls.sum());
        }
    }

    /** Redis calls dropped because {@value #MAX_PENDING} were waiting, ever. Thread safe. */
    long droppedCalls() {
        return droppedCalls.sum();
    }

    private void called(Throwable failure) {
        if (failure == null && reachable.compareAndSet(false, true)) {
            log.info("Redis calls succeed again: the chat is shared with the other instances");
        } else if (failure != null && reachable.compareAndSet(true, false)) {
            log.warn("a Redis call failed: until one succeeds again, this instance's members may only hear each other "
                    + "({})", failure.toString());
        }
    }
}
