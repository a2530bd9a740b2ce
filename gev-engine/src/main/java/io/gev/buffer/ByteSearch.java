package io.gev.buffer;

import java.nio.ByteBuffer;

/**
 * Finding a byte in a buffer eight bytes per step (SWAR): a byte of {@code word ^ pattern} is zero where the word
 * holds the value, and one subtraction and two masks flag every zero byte of a word at once. Thread safe (stateless).
 */
final class ByteSearch {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /** Index in {@code buffer} of the first {@code value} in {@code [from, to)}, or -1; positions are untouched. */
    static int indexOf(ByteBuffer buffer, int from, int to, byte value) {
        long pattern = (value & 0xFFL) * ONES;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            // little-endian, so that the lowest flagged byte is the first match: a false flag can only sit above one
            long x = Long.reverseBytes(buffer.getLong(i)) ^ pattern;
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buffer.get(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
