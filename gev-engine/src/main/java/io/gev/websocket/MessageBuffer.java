package io.gev.websocket;

import java.util.Arrays;

/**
 * The bytes of the message being received: an array that grows with the bytes that arrive (or are inflated), never
 * beyond the max message size, rather than with a length the peer declares. A message that fills its array exactly
 * is handed over as is. Loop thread only.
 */
final class MessageBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_GROWTH = 1024;

    private final int maxSize;
    private byte[] bytes = EMPTY;
    private int length;

    MessageBuffer(int maxSize) {
        this.maxSize = maxSize;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    int maxSize() {
        return maxSize;
    }

    /** Room left in the array. */
    int free() {
        return bytes.length - length;
    }

    /** Makes room for {@code n} more bytes, of a message known to end at {@code end} bytes at most. */
    void reserve(int n, int end) {
        grow(length + n, Math.min(end, maxSize));
    }

    /** Makes room for more bytes of unknown count; false when the array is at the max message size already. */
    boolean grow() {
        if (bytes.length >= maxSize) {
            return false;
        }
        grow(Math.max(length + MIN_GROWTH, bytes.length + 1), maxSize);
        return true;
    }

    /** Counts {@code n} bytes written into the array's free space. */
    void advance(int n) {
        length += n;
    }

    /** The message, in an array of its exact size; the buffer starts over empty. */
    byte[] take() {
        byte[] message = length == 0 ? EMPTY : bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
        bytes = EMPTY;
        length = 0;
        return message;
    }

    /** Grows the array to hold {@code needed} bytes: at least doubling, never beyond {@code limit}. */
    private void grow(int needed, int limit) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * bytes.length)));
        }
    }
}
