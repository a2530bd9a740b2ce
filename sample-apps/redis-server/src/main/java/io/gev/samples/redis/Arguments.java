package io.gev.samples.redis;

/** How commands read the arguments Redis reads as numbers, with Redis's errors. */
final class Arguments {

    private Arguments() {
    }

    /** A strict 64-bit integer ({@code ERR value is not an integer or out of range} otherwise). */
    static long integer(byte[] argument) {
        return integer(argument, "ERR value is not an integer or out of range");
    }

    /** A strict 64-bit integer; {@code error} (code first) otherwise. */
    static long integer(byte[] argument, String error) {
        try {
            return Longs.parse(argument);
        } catch (NumberFormatException e) {
            throw new CommandException(error);
        }
    }
}
