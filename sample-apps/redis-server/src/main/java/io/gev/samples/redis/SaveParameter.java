package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;

/**
 * The {@code save} parameter (RDB snapshot points, {@code "seconds changes ..."}): the sample writes no snapshot, so
 * it only keeps the value, checked as Redis checks it, for the clients that read it back. Thread safe.
 */
final class SaveParameter {

    private volatile String value = "";

    /** The current value. */
    String get() {
        return value;
    }

    /**
     * Sets the value: empty, or pairs of non-negative integers.
     *
     * @throws IllegalArgumentException {@code Invalid save parameters} otherwise
     */
    void set(String newValue) {
        String[] words = newValue.trim().isEmpty() ? new String[0] : newValue.trim().split(" +");
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("Invalid save parameters");
        }
        for (String word : words) {
            try {
                if (Longs.parse(word.getBytes(StandardCharsets.US_ASCII)) < 0) {
                    throw new IllegalArgumentException("Invalid save parameters");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid save parameters", e);
            }
        }
        value = String.join(" ", words);
    }
}
