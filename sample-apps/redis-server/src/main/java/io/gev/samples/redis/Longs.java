package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;

/**
 * Decimal integers the way Redis reads and writes them: digits with an optional leading {@code -}; no {@code +}, no
 * leading zeros, no spaces, no {@code -0}. Used for protocol lengths, numeric arguments and INCR'd values.
 */
final class Longs {

    /** "-9223372036854775808" is the longest there is. */
    private static final int MAX_DIGITS = 20;

    private Longs() {
    }

    /** The value of {@code bytes[from, to)}; throws {@link NumberFormatException} if it is not a strict integer. */
    static long parse(byte[] bytes, int from, int to) {
        int digits = from < to && bytes[from] == '-' ? from + 1 : from;
        boolean valid = digits < to && to - from <= MAX_DIGITS
                && (bytes[digits] != '0' ? allDigits(bytes, digits, to) : to - from == 1);
        if (!valid) {
            throw new NumberFormatException("not an integer");
        }
        // accumulated negatively: the most negative long has no positive counterpart
        long value = 0;
        for (int i = digits; i < to; i++) {
            int digit = bytes[i] - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw new NumberFormatException("integer out of range");
            }
            value = value * 10 - digit;
        }
        if (digits == from) {
            if (value == Long.MIN_VALUE) {
                throw new NumberFormatException("integer out of range");
            }
            return -value;
        }
        return value;
    }

    /** The value of all of {@code bytes}, as {@link #parse(byte[], int, int)}. */
    static long parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** The decimal ASCII form of {@code value}. */
    static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean allDigits(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
        }
        return true;
    }
}
