package io.gev.samples.redis;

import io.gev.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The string keys and values every connection shares, with expiry. Thread safe: the event loops call it concurrently.
 *
 * <p>What is atomic: every operation on one key (a read, a write, a read-modify-write such as INCR, APPEND, SET with
 * its conditions and GET, GETDEL, EXPIRE with its conditions). The multi-key writes go through
 * {@link MultiKeyWrites}, which serializes them among themselves only: a single-key command on another loop may still
 * see one half done, or change one of its keys in the middle (Redis, which runs one command at a time, never shows
 * either). Reads of many keys (MGET, KEYS, SCAN) see each key atomically.
 *
 * <p>Deadlines are Unix times in milliseconds, as Redis keeps them; a key is expired once the clock reaches its
 * deadline. A key with a deadline has a timer on a gev timing wheel that deletes it when it is due; every access
 * checks expiry too, so an expired key is never seen, whenever its timer runs. A timer only ever deletes a key that
 * is due at the time it runs, so one left over by a race is harmless.
 *
 * <p>The keys are spread over {@value #SHARDS} maps by a hash of their bytes, which is what {@link #scan} walks: a
 * key always lives in the same shard, so a scan that visits every shard once returns every key that was there for the
 * whole scan.
 */
public final class Keyspace {

    /** The deadline of a key that never expires. */
    public static final long NO_DEADLINE = -1;
    /** Remaining time to live of a key that does not exist (Redis's {@code -2}). */
    public static final long NO_KEY = -2;
    /** Remaining time to live of a key that never expires (Redis's {@code -1}). */
    public static final long NO_EXPIRY = -1;

    /** Longest delay a timer is scheduled for; a key due later is only expired on access. */
    static final Duration MAX_TIMER_DELAY = Duration.ofDays(36_525);

    /** Number of shards: a power of two. */
    static final int SHARDS = 1024;
    private static final int SHARD_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SHARDS);

    /** Runs a task once after a delay, on a timing wheel; it must not run the task before returning. */
    @FunctionalInterface
    public interface Scheduler {
        Timer schedule(Duration delay, Runnable task);
    }

    /** Sees each key with its value and deadline ({@link #NO_DEADLINE} for none). */
    @FunctionalInterface
    public interface Visitor {
        void visit(byte[] key, byte[] value, long deadline);
    }

    @SuppressWarnings("unchecked")
    private final ConcurrentHashMap<Key, Entry>[] shards = new ConcurrentHashMap[SHARDS];
    private final Scheduler scheduler;
    private final LongSupplier clock;

    /** A keyspace whose expiry timers {@code scheduler} schedules, on the clock of {@link System#currentTimeMillis}. */
    public Keyspace(Scheduler scheduler) {
        this(scheduler, System::currentTimeMillis);
    }

    /** A keyspace on another clock (Unix milliseconds), for tests: it must tick with the delays of the scheduler. */
    Keyspace(Scheduler scheduler, LongSupplier clock) {
        this.scheduler = scheduler;
        this.clock = clock;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new ConcurrentHashMap<>();
        }
    }

    /** The current time, in Unix milliseconds, on the keyspace's clock. Any thread. */
    public long now() {
        return clock.getAsLong();
    }

    /** The value of {@code key}, or null. Any thread. */
    public byte[] get(byte[] key) {
        Entry entry = live(new Key(key), now());
        return entry == null ? null : entry.value;
    }

    /**
     * The value of {@code key} as a bulk reply, {@link RespReply#NULL} when there is none. A value is encoded once,
     * by its first reader, and the encoding shared by every later one until the value changes. Any thread.
     */
    public RespReply getReply(byte[] key) {
        Entry entry = live(new Key(key), now());
        if (entry == null) {
            return RespReply.NULL;
        }
        RespReply reply = entry.reply;
        if (reply == null) {
            reply = RespReply.bulk(entry.value);
            entry.reply = reply; // a racing reader may encode it too: the same bytes either way
        }
        return reply;
    }

    /** Whether {@code key} exists. Any thread. */
    public boolean exists(byte[] key) {
        return live(new Key(key), now()) != null;
    }

    /** Sets {@code key} to {@code value}, without expiry: the plain SET, which decides nothing. Any thread. */
    public void set(byte[] key, byte[] value) {
        Key k = new Key(key);
        cancelTimer(shard(k).put(k, new Entry(value, NO_DEADLINE, null)));
    }

    /**
     * Sets {@code key} to {@code value} if {@code condition} holds, with {@code deadline} ({@link #NO_DEADLINE}: none),
     * or keeping the deadline it has when {@code keepDeadline}. Returns the value it had (null for none) and whether
     * it was set. Any thread.
     */
    public SetResult set(byte[] key, byte[] value, long deadline, SetCondition condition, boolean keepDeadline) {
        byte[][] previous = new byte[1][];
        boolean[] written = new boolean[1];
        update(key, current -> {
            previous[0] = current == null ? null : current.value;
            written[0] = condition.allows(current != null);
            if (!written[0]) {
                return current;
            }
            return keepDeadline && current != null ? current.withValue(value) : new Entry(value, deadline, null);
        });
        return new SetResult(written[0], previous[0]);
    }

    /** Deletes {@code key} and returns the value it had, or null. Any thread. */
    public byte[] getAndDelete(byte[] key) {
        byte[][] previous = new byte[1][];
        update(key, current -> {
            previous[0] = current == null ? null : current.value;
            return null;
        });
        return previous[0];
    }

    /**
     * Changes the value of {@code key} (null when there is none) to what {@code change} makes of it, keeping its
     * deadline; a null result leaves the key as it is. Returns the value stored (or the unchanged one, or null). Any
     * thread; {@code change} may run more than once and must not block.
     */
    public byte[] modify(byte[] key, UnaryOperator<byte[]> change) {
        Entry stored = update(key, current -> {
            byte[] next = change.apply(current == null ? null : current.value);
            if (next == null) {
                return current;
            }
            return current == null ? new Entry(next, NO_DEADLINE, null) : current.withValue(next);
        });
        return stored == null ? null : stored.value;
    }

    /**
     * Adds {@code delta} to the integer stored at {@code key} (0 when it does not exist), keeping its time to live, and
     * returns the result. Any thread.
     *
     * @throws NumberFormatException when the value is not an integer
     * @throws ArithmeticException   when the result would overflow a {@code long}
     */
    public long increment(byte[] key, long delta) {
        byte[] stored = modify(key,
                value -> Longs.toBytes(Math.addExact(value == null ? 0 : Longs.parse(value), delta)));
        return Longs.parse(stored);
    }

    /** Deletes {@code key}; returns whether it existed. Any thread. */
    public boolean delete(byte[] key) {
        Key k = new Key(key);
        Entry old = shard(k).remove(k);
        cancelTimer(old);
        return old != null && !old.isExpiredAt(now());
    }

    /**
     * Gives {@code key} the deadline {@code deadline} when {@code condition} accepts its current one ({@link
     * #NO_DEADLINE} for none); a deadline that is not in the future deletes the key. Returns whether the key existed
     * and the condition held. Any thread.
     */
    public boolean expire(byte[] key, long deadline, Predicate<Long> condition) {
        boolean[] done = new boolean[1];
        long now = now();
        update(key, current -> {
            done[0] = current != null && condition.test(current.deadline);
            if (!done[0]) {
                return current;
            }
            return deadline != NO_DEADLINE && deadline <= now ? null : new Entry(current.value, deadline, null);
        });
        return done[0];
    }

    /** Removes the deadline of {@code key}; returns whether it had one. Any thread. */
    public boolean persist(byte[] key) {
        return expire(key, NO_DEADLINE, current -> current != NO_DEADLINE);
    }

    /** The deadline of {@code key} in Unix milliseconds, {@link #NO_EXPIRY} or {@link #NO_KEY}. Any thread. */
    public long deadline(byte[] key) {
        Entry entry = live(new Key(key), now());
        return entry == null ? NO_KEY : entry.deadline;
    }

    /** Milliseconds {@code key} has left to live, {@link #NO_EXPIRY} or {@link #NO_KEY}. Any thread. */
    public long ttlMillis(byte[] key) {
        long now = now();
        Entry entry = live(new Key(key), now);
        if (entry == null) {
            return NO_KEY;
        }
        return entry.deadline == NO_DEADLINE ? NO_EXPIRY : Math.max(0, entry.deadline - now);
    }

    /** Number of keys (a key past its deadline counts until its timer or an access deletes it, as in Redis). */
    public long size() {
        long size = 0;
        for (ConcurrentHashMap<Key, Entry> shard : shards) {
            size += shard.size();
        }
        return size;
    }

    /** Deletes every key. Any thread. */
    public void clear() {
        for (ConcurrentHashMap<Key, Entry> shard : shards) {
            for (Key key : shard.keySet()) {
                cancelTimer(shard.remove(key));
            }
        }
    }

    /**
     * Moves the value and deadline of {@code from} to {@code to}, replacing what {@code to} held (nothing when they
     * are the same key); returns false when {@code from} does not exist. Any thread; see {@link MultiKeyWrites}.
     */
    boolean move(byte[] from, byte[] to) {
        Key k = new Key(from);
        Entry source = live(k, now());
        if (source == null) {
            return false;
        }
        if (!Arrays.equals(from, to)) {
            if (shard(k).remove(k, source)) {
                cancelTimer(source);
            }
            update(to, current -> new Entry(source.value, source.deadline, null));
        }
        return true;
    }

    /**
     * Adds to {@code out} the keys of the shards from {@code cursor} on, a shard at a time, until it holds
     * {@code count} keys or it has looked at {@code count * 10} shards; returns the cursor to continue from, 0 when
     * every shard has been seen. Any thread.
     */
    public long scan(long cursor, long count, List<byte[]> out) {
        long now = now();
        int shard = cursor < 0 || cursor >= SHARDS ? SHARDS : (int) cursor;
        long budget = count >= SHARDS ? SHARDS : Math.max(count, 1) * 10; // no overflow for a huge COUNT
        int before = out.size();
        while (shard < SHARDS && budget-- > 0 && out.size() - before < count) {
            shards[shard++].forEach((key, entry) -> {
                if (!entry.isExpiredAt(now)) {
                    out.add(key.bytes);
                }
            });
        }
        return shard == SHARDS ? 0 : shard;
    }

    /** Shows {@code visitor} every live key, each as it is at that moment. Any thread. */
    public void forEach(Visitor visitor) {
        long now = now();
        for (ConcurrentHashMap<Key, Entry> shard : shards) {
            shard.forEach((key, entry) -> {
                if (!entry.isExpiredAt(now)) {
                    visitor.visit(key.bytes, entry.value, entry.deadline);
                }
            });
        }
    }

    /**
     * What {@code key} holds as an object whose identity changes with every write of the key (null when it does not
     * exist), so that comparing two versions tells whether a command changed it. Any thread.
     */
    Object version(byte[] key) {
        Key k = new Key(key);
        return shard(k).get(k);
    }

    /** Shows {@code visitor} what {@code key} holds and returns true, or returns false when it does not exist. */
    public boolean visit(byte[] key, Visitor visitor) {
        Entry entry = live(new Key(key), now());
        if (entry == null) {
            return false;
        }
        visitor.visit(key, entry.value, entry.deadline);
        return true;
    }

    /**
     * Replaces the live entry of {@code key} (null for none) by what {@code change} makes of it (null deletes),
     * atomically, cancelling the timer of a replaced deadline and scheduling the new one; returns what it stored.
     */
    private Entry update(byte[] key, UnaryOperator<Entry> change) {
        Key k = new Key(key);
        long now = now();
        Entry stored = shard(k).compute(k, (same, old) -> {
            Entry current = old != null && old.isExpiredAt(now) ? null : old;
            Entry next = change.apply(current);
            if (old != null && (next == null || next.timer != old.timer)) {
                cancelTimer(old);
            }
            return next;
        });
        if (stored != null && stored.deadline != NO_DEADLINE && stored.timer == null) {
            long delay = Math.max(0, stored.deadline - now);
            if (delay <= MAX_TIMER_DELAY.toMillis()) {
                stored.timer = scheduler.schedule(Duration.ofMillis(delay), () -> expireIfDue(k));
            }
        }
        return stored;
    }

    private ConcurrentHashMap<Key, Entry> shard(Key key) {
        return shards[(key.hash * 0x9E3779B9) >>> SHARD_SHIFT];
    }

    /** The entry of {@code key} if it has not expired at {@code now}; an expired one is deleted. */
    private Entry live(Key key, long now) {
        ConcurrentHashMap<Key, Entry> shard = shard(key);
        Entry entry = shard.get(key);
        if (entry != null && entry.isExpiredAt(now)) {
            if (shard.remove(key, entry)) {
                cancelTimer(entry);
            }
            return null;
        }
        return entry;
    }

    /** What an expiry timer runs: deletes {@code key} if it is due. */
    private void expireIfDue(Key key) {
        shard(key).computeIfPresent(key, (same, entry) -> entry.isExpiredAt(now()) ? null : entry);
    }

    private static void cancelTimer(Entry entry) {
        Timer timer = entry == null ? null : entry.timer;
        if (timer != null) {
            timer.cancel();
        }
    }
}
