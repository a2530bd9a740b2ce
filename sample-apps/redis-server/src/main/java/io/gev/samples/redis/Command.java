package io.gev.samples.redis;

import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A command the server knows: its name, its arity and key positions as Redis describes them ({@code COMMAND INFO}),
 * its flags and what it does.
 *
 * @param name     the name, upper case
 * @param arity    Redis's arity: the exact number of words (the name included), or at least {@code -arity} words
 *                 when negative
 * @param flags    Redis's flags, lower case ({@code write}, {@code readonly}, {@code fast}, ...)
 * @param firstKey the word of the first key (0: the command takes no key)
 * @param lastKey  the word of the last key (-1: the last word)
 * @param step     the distance between keys
 * @param action    what it does
 * @param nameBytes the name as ASCII bytes
 */
public record Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
        Action action, byte[] nameBytes) {

    public Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step, Action action) {
        this(name, arity, flags, firstKey, lastKey, step, action, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** What a command does; it runs on the connection's loop thread and must not block. */
    @FunctionalInterface
    public interface Action {
        /**
         * Executes {@code request} for {@code client} and returns its reply, or null when it sent its reply itself.
         *
         * @throws CommandException to reply with an error
         */
        RespReply execute(Client client, Request request);
    }

    /** The name as bytes, upper case: what a request of this command holds as its word 0. Shared: do not change. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    /** Whether the command changes the keyspace: what the append-only file records. */
    public boolean isWrite() {
        return flags.contains("write");
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

    /** Whether the {@code length} bytes at {@code offset} of {@code in} are this command's name in any case. */
    boolean isNamed(RingBuffer in, int offset, int length) {
        if (length != nameBytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((in.peekByte(offset + i) & 0xDF) != nameBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a request of {@code words} words has a valid length. */
    public boolean accepts(int words) {
        return arity >= 0 ? words == arity : words >= -arity;
    }

    /** Redis's error for a request of the wrong length. */
    public CommandException wrongArity() {
        return CommandException.wrongArity(name.toLowerCase(Locale.ROOT));
    }
}
