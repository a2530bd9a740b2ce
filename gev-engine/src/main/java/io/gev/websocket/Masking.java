package io.gev.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unmasking of client payloads (RFC 6455, section 5.3), eight bytes at a time, in place. Stateless; thread safe. */
final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /**
     * XORs {@code len} bytes of {@code bytes} from {@code off} with the masking key {@code key} (its four bytes
     * big-endian), where the first of them is byte {@code position} of the frame's payload.
     */
    static void unmask(byte[] bytes, int off, int len, int key, int position) {
        int rotated = Integer.rotateLeft(key, 8 * (position & 3));
        long wide = (rotated & 0xFFFFFFFFL) << 32 | (rotated & 0xFFFFFFFFL);
        int i = off;
        int end = off + len;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ wide);
        }
        for (; i < end; i++) {
            bytes[i] ^= (byte) (rotated >>> 24);
            rotated = Integer.rotateLeft(rotated, 8);
        }
    }
}
