package io.gev.samples.redis;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writes of several keys at once ({@code MSET}, {@code MSETNX}, {@code RENAME}), serialized among themselves by
 * one lock so that MSETNX sets all its keys or none and two of them never interleave; single-key commands on other
 * loops take no lock and may see one half done. Thread safe.
 */
final class MultiKeyWrites {

    private final Keyspace keyspace;
    private final ReentrantLock lock = new ReentrantLock();

    MultiKeyWrites(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Sets every key of {@code keysAndValues} (key, value, key, value...) to its value, without expiry. */
    void setAll(List<byte[]> keysAndValues) {
        lock.lock();
        try {
            for (int i = 0; i + 1 < keysAndValues.size(); i += 2) {
                keyspace.set(keysAndValues.get(i), keysAndValues.get(i + 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #setAll} if none of the keys exists; returns whether it did. */
    boolean setAllIfAbsent(List<byte[]> keysAndValues) {
        lock.lock();
        try {
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                if (keyspace.exists(keysAndValues.get(i))) {
                    return false;
                }
            }
            setAll(keysAndValues);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the value and deadline of {@code from} to {@code to}, replacing it, or not when {@code onlyIfAbsent} and
     * {@code to} exists. Returns -1 when {@code from} does not exist, 0 when {@code to} stopped it, 1 when done.
     */
    int rename(byte[] from, byte[] to, boolean onlyIfAbsent) {
        lock.lock();
        try {
            if (!keyspace.exists(from)) {
                return -1;
            }
            if (onlyIfAbsent && keyspace.exists(to)) {
                return 0;
            }
            return keyspace.move(from, to) ? 1 : -1;
        } finally {
            lock.unlock();
        }
    }
}
