package io.gev.samples.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** How commands read the arguments Redis reads as numbers, with Redis's errors. */
final class Arguments {

    private Arguments() {
    }

    /** A strict 64-bit integer ({@code ERR value is not an integer or out of range} otherwise). */
    static long integer(byte[] argument) {
        try {
            return Longs.parse(argument);
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        }
    }

    /** A strict 64-bit integer; {@code error} (code first) otherwise. */
    static long integer(byte[] argument, String error) {
        try {
            return Longs.parse(argument);
        } catch (NumberFormatException e) {
            throw new CommandException(error);
        }
    }

    /** A time to live argument: a strict integer in {@code unit}, at most {@link Keyspace#MAX_TTL}. */
    static Duration timeToLive(byte[] argument, ChronoUnit unit, String command) {
        Duration ttl = Duration.of(integer(argument), unit);
        if (ttl.compareTo(Keyspace.MAX_TTL) > 0) {
            throw CommandException.invalidExpireTime(command);
        }
        return ttl;
    }
}
