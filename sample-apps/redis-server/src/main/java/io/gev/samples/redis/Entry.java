package io.gev.samples.redis;

import io.gev.Timer;

/**
 * A value and its deadline (Unix milliseconds, {@link Keyspace#NO_DEADLINE} for none). The timer is set just after the
 * entry is stored; an entry replaced before that keeps an uncancelled timer, which finds nothing due.
 */
final class Entry {
    final byte[] value;
    final long deadline;
    volatile Timer timer;
    /** The value as a bulk reply, once someone asked for it. */
    volatile RespReply reply;

    Entry(byte[] value, long deadline, Timer timer) {
        this.value = value;
        this.deadline = deadline;
        this.timer = timer;
    }

    /** The same deadline and timer with another value. */
    Entry withValue(byte[] newValue) {
        return new Entry(newValue, deadline, timer);
    }

    boolean isExpiredAt(long now) {
        return deadline != Keyspace.NO_DEADLINE && now >= deadline;
    }
}
