package io.gev.samples.redis;

import io.gev.Connection;
import java.util.Locale;

/**
 * A command the server knows: its name, how many words a request of it has (the name included) and what it does.
 *
 * @param name     the name, upper case
 * @param minWords fewest words of a valid request
 * @param maxWords most words of a valid request ({@link Integer#MAX_VALUE}: no limit)
 * @param action   what it does
 */
public record Command(String name, int minWords, int maxWords, Action action) {

    /** What a command does; it runs on the connection's loop thread and must not block. */
    @FunctionalInterface
    public interface Action {
        /**
         * Executes {@code request} and returns its reply, or null when it sent its reply itself.
         *
         * @throws CommandException to reply with an error
         */
        RespReply execute(Connection connection, Request request);
    }

    /** Whether {@code word} is this command's name in any case (names are upper-case ASCII letters). */
    public boolean isNamed(byte[] word) {
        if (word.length != name.length()) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if ((word[i] & 0xDF) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a request of {@code words} words has a valid length. */
    public boolean accepts(int words) {
        return words >= minWords && words <= maxWords;
    }

    /** Redis's error for a request of the wrong length. */
    public CommandException wrongArity() {
        return CommandException.wrongArity(name.toLowerCase(Locale.ROOT));
    }
}
