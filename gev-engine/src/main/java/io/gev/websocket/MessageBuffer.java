package io.gev.websocket;

import java.util.Arrays;

/**
 * The bytes of the message being received: an array that grows with the bytes that arrive (or are inflated), never
 * beyond the max message size, rather than with a length the peer declares. A message that fills its array exactly
 * is handed over as is.
 *
 * <p>A message being inflated may {@link #borrow} its loop's array instead, so that it is copied once, into an array
 * of its exact size, when it is whole: the loop's array serves every WebSocket of the loop in turn, so a message that
 * is not whole when the decoder stops must {@link #keep} what it has in an array of its own. Loop thread only.
 */
final class MessageBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_GROWTH = 1024;

    private final int maxSize;
    private byte[] bytes = EMPTY;
    /** The usable part of the array: its length, or at most the max message size for a borrowed one. */
    private int capacity;
    private int length;
    private boolean borrowed;

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
        return capacity - length;
    }

    /** Makes room for {@code n} more bytes, of a message known to end at {@code end} bytes at most. */
    void reserve(int n, int end) {
        grow(length + n, Math.min(end, maxSize));
    }

    /** Makes room for more bytes of unknown count; false when the array is at the max message size already. */
    boolean grow() {
        if (capacity >= maxSize) {
            return false;
        }
        grow(Math.max(length + MIN_GROWTH, capacity + 1), maxSize);
        return true;
    }

    /** Counts {@code n} bytes written into the array's free space. */
    void advance(int n) {
        length += n;
    }

    /**
     * Takes the loop's {@code array} to fill, when the message is still empty: it is the message's array until the
     * message is taken, grows beyond it, or is kept.
     */
    void borrow(byte[] array) {
        if (length == 0) {
            bytes = array;
            capacity = Math.min(array.length, maxSize);
            borrowed = true;
        }
    }

    /** Moves the bytes of a message that is not whole out of a borrowed array, into one of its own. */
    void keep() {
        if (borrowed) {
            own(length == 0 ? EMPTY : Arrays.copyOf(bytes, length));
        }
    }

    /** The message, in an array of its exact size; the buffer starts over empty. */
    byte[] take() {
        byte[] message = length == 0 ? EMPTY
                : bytes.length == length && !borrowed ? bytes : Arrays.copyOf(bytes, length);
        own(EMPTY);
        length = 0;
        return message;
    }

    /** Grows the array to hold {@code needed} bytes: at least doubling, never beyond {@code limit}. */
    private void grow(int needed, int limit) {
        if (needed > capacity) {
            own(Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * capacity))));
        }
    }

    private void own(byte[] array) {
        bytes = array;
        capacity = array.length;
        borrowed = false;
    }
}
