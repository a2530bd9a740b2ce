package io.gev.samples.push;

import io.gev.spring.autoconfigure.GevServerLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * <p>Thread safe: the Redis calls run on one thread of its own, never on an event loop.
 */
final class LeasedTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedTicker.class);
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final RedisScript<Long> RENEW = RedisScript.of("if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", Long.class);
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

    @Override
    public void start() {
        long millis = interval.toMillis();
        rounds = worker.scheduleAtFixedRate(this::round, 0, millis, TimeUnit.MILLISECONDS);
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
            if (held != leader) {
                log.info(held ? "this instance leads the push ticks" : "this instance no longer leads the ticks");
            }
            leader = held;
            if (held) {
                redis.convertAndSend(channel, "tick " + redis.opsForValue().increment(sequenceKey));
            }
        } catch (RuntimeException e) {
            if (leader) {
                log.warn("lost the push lease: Redis is unreachable ({})", e.toString());
            }
            leader = false;
        }
    }

    private boolean renew() {
        return redis.execute(RENEW, List.of(leaseKey), instanceId, Long.toString(lease.toMillis())) == 1L;
    }

    private boolean acquire() {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(leaseKey, instanceId, lease));
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
