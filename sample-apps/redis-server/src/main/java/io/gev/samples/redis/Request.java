package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One command as a client sent it, inline or multibulk: the command name followed by its arguments, as bytes, and
 * the {@link Command} of that name when the decoder found it.
 *
 * <p>Each connection's decoder fills one {@code Request} again for every command, so a request is valid until its
 * handler returns: keep its argument arrays (each is fresh), never the request itself. Not thread safe: it lives on
 * the connection's loop.
 */
public final class Request {

    private byte[][] words = new byte[4][];
    private int size;
    private Command command;

    /** Number of words, the command name included (what Redis calls {@code argc}). */
    public int size() {
        return size;
    }

    /** Word {@code index}; 0 is the command name. */
    public byte[] arg(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("word " + index + " of " + size);
        }
        return words[index];
    }

    /** Words {@code from} to the last, as a list of their own (the arrays themselves are shared). */
    public List<byte[]> args(int from) {
        return List.of(Arrays.copyOfRange(words, from, size));
    }

    /** Word {@code index} as text, byte for byte (ISO-8859-1), for option names and messages. */
    public String text(int index) {
        return new String(arg(index), StandardCharsets.ISO_8859_1);
    }

    /** Word {@code index} in upper case, for case-insensitive matching of command and option names. */
    public String upper(int index) {
        return text(index).toUpperCase(Locale.ROOT);
    }

    /** The command word 0 names, when the decoder looked it up; null when it did not, or found none. */
    Command command() {
        return command;
    }

    /** Starts the next request, of about {@code expectedWords} words. */
    void reset(int expectedWords) {
        if (words.length < expectedWords) {
            words = new byte[Math.min(expectedWords, 1024)][];
        } else {
            for (int i = 0; i < size; i++) {
                words[i] = null; // the previous request's arguments are not kept alive
            }
        }
        size = 0;
        command = null;
    }

    /** Appends a word. */
    void add(byte[] word) {
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        words[size++] = word;
    }

    /** Appends the command name as the table spells it, found without copying what the client sent. */
    void add(Command named) {
        add(named.nameBytes());
        command = named;
    }
}
