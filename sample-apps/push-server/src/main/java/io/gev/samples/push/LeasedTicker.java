package io.gev.samples.push;

import io.gev.spring.autoconfigure.GevServerLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The cluster's one ticker ({@code push.cluster.enabled=true}): every {@code push.interval} each instance tries to hold
 * the lease {@code <prefix>:leader} ({@code SET NX PX}, renewed by its holder with a compare-and-renew script), and the
 * holder takes the next number from {@code <prefix>:sequence} ({@code INCR}) and publishes {@code tick N} on
 * {@code <prefix>:ticks}, which every instance sends to its clients. A new leader goes on from the sequence in Redis,
 * so no number is sent twice; a leader that died is replaced within {@code lease + interval}, one that stops gives the
 * lease up at once. While Redis is unreachable no instance ticks.
 *
 * <p>What others may leave in Redis is no reason to stop or to repeat: a lease with no expiry (no instance sets one)
 * is given one, so that it ends; a sequence that is no number, or is below the last tick this instance saw (Redis was
 * flushed, or restarted empty), is set past that tick; and only {@code tick N} with N above the last tick seen goes
 * from the channel to the clients (anything else is dropped, counted, and logged the first time).
 *
 * <p>Thread safe: the Redis calls run on one thread of its own, never on an event loop.
 */
final class LeasedTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedTicker.class);
    private static final int MAX_LOGGED = 100;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final RedisScript<Long> RENEW = RedisScript.of("if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", Long.class);
    /** {@code SET NX PX}; when held by a lease with no expiry, gives it one. 1: acquired. */
    private static final RedisScript<Long> ACQUIRE = RedisScript.of("if redis.call('set', KEYS[1], ARGV[1], 'NX', "
            + "'PX', ARGV[2]) then return 1 end if redis.call('pttl', KEYS[1]) == -1 then "
            + "redis.call('pexpire', KEYS[1], ARGV[2]) return -1 end return 0", Long.class);
    /**
     * While the lease KEYS[1] is ARGV[1]'s, {@code INCR} of the sequence KEYS[2], unless it is no number or not above
     * ARGV[2] (the last tick seen): then it is set to ARGV[2] + 1, returned negated. 0: the lease is not ARGV[1]'s.
     */
    private static final RedisScript<Long> NEXT = RedisScript.of("if redis.call('get', KEYS[1]) ~= ARGV[1] then "
            + "return 0 end local n = redis.pcall('incr', KEYS[2]) local floor = tonumber(ARGV[2]) "
            + "if type(n) == 'number' and n > floor then return n end "
            + "redis.call('set', KEYS[2], floor + 1) return -(floor + 1)", Long.class);
    private static final Pattern TICK = Pattern.compile("tick ([1-9][0-9]{0,17})");
    private static final RedisScript<Long> RELEASE = RedisScript.of("if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end", Long.class);

    private final String instanceId = UUID.randomUUID().toString();
    private final StringRedisTemplate redis;
    private final String leaseKey;
    private final String sequenceKey;
    private final String channel;
    private final Duration lease;
    private final Duration interval;
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "push-lease");
        thread.setDaemon(true);
        return thread;
    });
    /** The highest tick seen on the channel. */
    private final AtomicLong lastTick = new AtomicLong();
    private final LongAdder foreignMessages = new LongAdder();
    private volatile boolean leader;
    private volatile ScheduledFuture<?> rounds;

    LeasedTicker(StringRedisTemplate redis, PushProperties properties) {
        this.redis = redis;
        this.leaseKey = properties.cluster().keyPrefix() + ":leader";
        this.sequenceKey = properties.cluster().keyPrefix() + ":sequence";
        this.channel = properties.cluster().keyPrefix() + ":ticks";
        this.lease = properties.cluster().lease();
        this.interval = properties.interval();
    }

    /** The channel the ticks go out on. Thread safe. */
    String channel() {
        return channel;
    }

    /** Whether this instance held the lease at its last round. Thread safe. */
    boolean isLeader() {
        return leader;
    }

    /**
     * Whether {@code message}, from the ticks' channel, goes to the clients: only {@code tick N} with N above every
     * tick seen before. Thread safe.
     */
    boolean accept(String message) {
        Matcher tick = TICK.matcher(message);
        if (tick.matches()) {
            long n = Long.parseLong(tick.group(1));
            if (lastTick.getAndAccumulate(n, Math::max) < n) {
                return true;
            }
        }
        foreignMessages.increment();
        if (foreignMessages.sum() == 1) {
            log.warn("dropped a message on {} that is no new tick of this cluster: \"{}\" (only the first is logged)",
                    channel, message.length() > MAX_LOGGED ? message.substring(0, MAX_LOGGED) + "..." : message);
        }
        return false;
    }

    /** Messages on the ticks' channel dropped by {@link #accept}, ever. Thread safe. */
    long foreignMessages() {
        return foreignMessages.sum();
    }

    @Override
    public void start() {
        long millis = interval.toMillis();
        // with a fixed delay, not a fixed rate: rounds missed while a call waited (a stalled Redis, a long pause) are
        // not made up in a burst of ticks
        rounds = worker.scheduleWithFixedDelay(this::round, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Gives the lease up, if held, so that another instance takes over at its next round. */
    @Override
    public void stop() {
        rounds.cancel(false);
        rounds = null;
        worker.execute(this::release);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("the push ticker's Redis calls did not end within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** Started once gev runs, stopped before it drains and before Redis' connection factory (phase 0). */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE + 1;
    }

    private void round() {
        try {
            boolean held = leader && renew() || acquire();
            long n = held ? next() : 0; // 0 too when the lease was lost in between (Redis flushed)
            if (n > 0 != leader) {
                log.info(n > 0 ? "this instance leads the push ticks" : "this instance no longer leads the ticks");
            }
            leader = n > 0;
            if (n > 0) {
                redis.convertAndSend(channel, "tick " + n);
            }
        } catch (RuntimeException e) {
            if (leader) {
                log.warn("lost the push lease: a Redis call failed ({})", e.toString());
            }
            leader = false;
        }
    }

    private boolean renew() {
        return redis.execute(RENEW, List.of(leaseKey), instanceId, Long.toString(lease.toMillis())) == 1L;
    }

    private boolean acquire() {
        long acquired = redis.execute(ACQUIRE, List.of(leaseKey), instanceId, Long.toString(lease.toMillis()));
        if (acquired < 0) {
            log.warn("{} was held with no expiry by \"{}\", which is no lease of this cluster: it ends within {}",
                    leaseKey, redis.opsForValue().get(leaseKey), lease);
        }
        return acquired == 1L;
    }

    /** The next tick's number, past the last tick seen; or 0 when the lease is no longer this instance's. */
    private long next() {
        long seen = lastTick.get();
        long n = redis.execute(NEXT, List.of(leaseKey, sequenceKey), instanceId, Long.toString(seen));
        if (n < 0) {
            n = -n;
            log.warn("{} held no number above the last tick seen, {} (Redis flushed or restarted empty, or the key "
                    + "overwritten): set to {}", sequenceKey, seen, n);
        }
        return n; // the last tick seen moves when this tick comes back on the channel
    }

    private void release() {
        try {
            if (leader) {
                redis.execute(RELEASE, List.of(leaseKey), instanceId);
                leader = false;
            }
        } catch (RuntimeException e) {
            log.warn("could not give the push lease up; it expires within {} ({})", lease, e.toString());
        }
    }
}
