package io.gev;

import java.time.Duration;

/**
 * The range rules of gev's settings, each written once: every builder setter checks its value with one of these, and
 * the message names the setting, so that a bad value fails the same way from Java and from Spring properties (which
 * map onto the builders, and add the property's name). Thread safe.
 */
final class Check {

    private Check() {
    }

    /** {@code value}, or throws when it is negative. */
    static int notNegative(int value, String setting) {
        if (value < 0) {
            throw new IllegalArgumentException(setting + " must not be negative: " + value);
        }
        return value;
    }

    /** {@code value}, or throws when it is negative. */
    static long notNegative(long value, String setting) {
        if (value < 0) {
            throw new IllegalArgumentException(setting + " must not be negative: " + value);
        }
        return value;
    }

    /** {@code value}, or throws when it is not positive. */
    static int positive(int value, String setting) {
        if (value <= 0) {
            throw new IllegalArgumentException(setting + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value}, or throws when it is null or negative (zero usually turns the thing off). */
    static Duration notNegative(Duration value, String setting) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative: " + value);
        }
        return value;
    }

    /** {@code value}, or throws when it is null, zero or negative. */
    static Duration positive(Duration value, String setting) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value}, or throws when it is null. */
    static <T> T required(T value, String setting) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " must be set");
        }
        return value;
    }
}
