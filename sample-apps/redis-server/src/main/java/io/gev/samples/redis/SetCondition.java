package io.gev.samples.redis;

/** When a conditional {@link Keyspace#set} writes: always, only if the key does not exist (NX), or if it does (XX). */
public enum SetCondition {
    ALWAYS, IF_ABSENT, IF_PRESENT;

    /** Whether a write goes ahead when the key {@code exists} or not. Any thread. */
    boolean allows(boolean exists) {
        return this == ALWAYS || (this == IF_PRESENT) == exists;
    }
}
