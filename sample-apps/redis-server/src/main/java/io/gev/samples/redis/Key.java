package io.gev.samples.redis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/** A key: its bytes, compared by content. */
final class Key {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** Chosen at start, so that which keys collide cannot be worked out in advance from the sample's code. */
    private static final long SEED = new SecureRandom().nextLong();

    final byte[] bytes;
    final int hash;

    Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /**
     * A hash of the bytes that takes eight at a time (keys are hashed on every access, several times per write when
     * the append-only file logs it), its high bits mixed down for the map's low-bit buckets. Each step is a bijection
     * of the state, and the state starts from a random seed.
     */
    static int hash(byte[] bytes) {
        long h = SEED ^ bytes.length;
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            h = (h ^ (long) LONGS.get(bytes, i)) * MULTIPLIER;
        }
        for (; i < bytes.length; i++) {
            h = (h ^ bytes[i]) * MULTIPLIER;
        }
        h ^= h >>> 32;
        return (int) (h ^ h >>> 16);
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
