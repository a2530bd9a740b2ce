package io.gev.samples.redis;

import io.gev.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The string keys and values every connection shares, with expiry. Thread safe: the event loops call it concurrently,
 * and each operation on one key is atomic.
 *
 * <p>A key with a time to live has a timer on a gev timing wheel that deletes it when it is due; setting the key anew,
 * giving it another time to live, deleting it or flushing cancels that timer. Every access checks expiry too, so an
 * expired key is never seen, whenever its timer runs. A timer only ever deletes a key that is due at the time it
 * runs, so one left over by a race is harmless.
 */
public final class Keyspace {

    /** Longest time to live accepted: a hundred years keeps every deadline well inside {@link System#nanoTime()}. */
    public static final Duration MAX_TTL = Duration.ofDays(36_525);

    /** Remaining time to live of a key that does not exist (Redis's {@code -2}). */
    public static final long NO_KEY = -2;
    /** Remaining time to live of a key that never expires (Redis's {@code -1}). */
    public static final long NO_EXPIRY = -1;

    /** Runs a task once after a delay, on a timing wheel; it must not run the task before returning. */
    @FunctionalInterface
    public interface Scheduler {
        Timer schedule(Duration delay, Runnable task);
    }

    /** When {@link #set} writes: always, only if the key does not exist (NX), or only if it does (XX). */
    public enum Condition {
        ALWAYS, IF_ABSENT, IF_PRESENT
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final LongSupplier nanoClock;

    /** A keyspace whose expiry timers {@code scheduler} schedules, on the clock of {@link System#nanoTime()}. */
    public Keyspace(Scheduler scheduler) {
        this(scheduler, System::nanoTime);
    }

    /** A keyspace on another clock, for tests: it must tick with the deadlines of {@code scheduler}. */
    Keyspace(Scheduler scheduler, LongSupplier nanoClock) {
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /** The value of {@code key}, or null. */
    public byte[] get(byte[] key) {
        Entry entry = live(new Key(key));
        return entry == null ? null : entry.value;
    }

    /**
     * The value of {@code key} as a bulk reply, {@link RespReply#NULL} when there is none. A value is encoded
     * once, by its first reader, and the encoding shared by every later one until the value changes.
     */
    public RespReply getReply(byte[] key) {
        Entry entry = live(new Key(key));
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

    /** Whether {@code key} exists. */
    public boolean exists(byte[] key) {
        return live(new Key(key)) != null;
    }

    /**
     * Sets {@code key} to {@code value} if {@code condition} holds, with a time to live of {@code ttl} (at most
     * {@link #MAX_TTL}), or none when it is null; returns whether it was set.
     */
    public boolean set(byte[] key, byte[] value, Duration ttl, Condition condition) {
        Key k = new Key(key);
        long now = nanoClock.getAsLong();
        Entry fresh = new Entry(value, ttl == null ? null : deadline(now, ttl));
        if (condition == Condition.ALWAYS && ttl == null) {
            cancelTimer(entries.put(k, fresh)); // the plain SET: nothing to decide, so no compute
            return true;
        }
        Entry stored = entries.compute(k, (same, old) -> {
            Entry current = liveOrDiscard(old, now);
            if (condition == Condition.IF_ABSENT && current != null
                    || condition == Condition.IF_PRESENT && current == null) {
                return current;
            }
            cancelTimer(current);
            return fresh;
        });
        if (stored != fresh) {
            return false;
        }
        if (ttl != null) {
            fresh.timer = scheduler.schedule(ttl, () -> expireIfDue(k));
        }
        return true;
    }

    /**
     * Adds {@code delta} to the integer stored at {@code key} (0 when it does not exist), keeping its time to live, and
     * returns the result.
     *
     * @throws NumberFormatException when the value is not an integer
     * @throws ArithmeticException   when the result would overflow a {@code long}
     */
    public long increment(byte[] key, long delta) {
        long now = nanoClock.getAsLong();
        Entry updated = entries.compute(new Key(key), (same, old) -> {
            Entry current = liveOrDiscard(old, now);
            long next = Math.addExact(current == null ? 0 : Longs.parse(current.value), delta);
            return current == null ? new Entry(Longs.toBytes(next), null) : current.withValue(Longs.toBytes(next));
        });
        return Longs.parse(updated.value);
    }

    /** Deletes {@code key}; returns whether it existed. */
    public boolean delete(byte[] key) {
        Entry old = entries.remove(new Key(key));
        cancelTimer(old);
        return old != null && !old.isExpiredAt(nanoClock.getAsLong());
    }

    /**
     * Gives {@code key} a time to live of {@code ttl} (at most {@link #MAX_TTL}), replacing any it had; zero or less
     * deletes it at once. Returns whether the key existed.
     */
    public boolean expire(byte[] key, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return delete(key);
        }
        Key k = new Key(key);
        long now = nanoClock.getAsLong();
        Long deadline = deadline(now, ttl);
        Entry updated = entries.computeIfPresent(k, (same, old) -> {
            Entry current = liveOrDiscard(old, now);
            cancelTimer(current);
            return current == null ? null : new Entry(current.value, deadline);
        });
        if (updated == null) {
            return false;
        }
        updated.timer = scheduler.schedule(ttl, () -> expireIfDue(k));
        return true;
    }

    /** Milliseconds {@code key} has left to live, {@link #NO_EXPIRY} or {@link #NO_KEY}. */
    public long ttlMillis(byte[] key) {
        long now = nanoClock.getAsLong();
        Entry entry = live(new Key(key), now);
        if (entry == null) {
            return NO_KEY;
        }
        return entry.deadline == null ? NO_EXPIRY : Math.max(0, (entry.deadline - now) / 1_000_000);
    }

    /** Number of keys (a key past its deadline counts until its timer or an access deletes it, as in Redis). */
    public int size() {
        return entries.size();
    }

    /** Deletes every key. */
    public void clear() {
        for (Key key : entries.keySet()) {
            cancelTimer(entries.remove(key));
        }
    }

    private Entry live(Key key) {
        return live(key, nanoClock.getAsLong());
    }

    /** The entry of {@code key} if it has not expired at {@code now}; an expired one is deleted. */
    private Entry live(Key key, long now) {
        Entry entry = entries.get(key);
        if (entry != null && entry.isExpiredAt(now)) {
            if (entries.remove(key, entry)) {
                cancelTimer(entry);
            }
            return null;
        }
        return entry;
    }

    /** What an expiry timer runs: deletes {@code key} if it is due. */
    private void expireIfDue(Key key) {
        entries.computeIfPresent(key, (same, entry) -> entry.isExpiredAt(nanoClock.getAsLong()) ? null : entry);
    }

    /** {@code entry} if it is live at {@code now}; null (its timer cancelled) if it is absent or expired. */
    private static Entry liveOrDiscard(Entry entry, long now) {
        if (entry != null && entry.isExpiredAt(now)) {
            cancelTimer(entry);
            return null;
        }
        return entry;
    }

    private static void cancelTimer(Entry entry) {
        Timer timer = entry == null ? null : entry.timer;
        if (timer != null) {
            timer.cancel();
        }
    }

    private static Long deadline(long now, Duration ttl) {
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("time to live over " + MAX_TTL + ": " + ttl);
        }
        return now + ttl.toNanos();
    }

    /** A key: its bytes, compared by content. */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * A value and its deadline ({@link System#nanoTime()} based, null for none). The timer is set just after the entry
     * is stored; an entry replaced before that keeps an uncancelled timer, which finds nothing due and does nothing.
     */
    private static final class Entry {
        final byte[] value;
        final Long deadline;
        volatile Timer timer;
        /** The value as a bulk reply, once someone asked for it. */
        volatile RespReply reply;

        Entry(byte[] value, Long deadline) {
            this.value = value;
            this.deadline = deadline;
        }

        /** The same deadline and timer with another value: what INCR stores. */
        Entry withValue(byte[] newValue) {
            Entry entry = new Entry(newValue, deadline);
            entry.timer = timer;
            return entry;
        }

        boolean isExpiredAt(long now) {
            return deadline != null && now - deadline >= 0;
        }
    }
}
