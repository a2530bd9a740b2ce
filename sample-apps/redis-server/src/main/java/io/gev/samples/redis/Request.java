package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One command as a client sent it, inline or multibulk: the command name followed by its arguments, as bytes.
 *
 * @param args the command name and its arguments; never empty
 */
public record Request(List<byte[]> args) {

    /** Number of words, the command name included (what Redis calls {@code argc}). */
    public int size() {
        return args.size();
    }

    /** Word {@code index}; 0 is the command name. */
    public byte[] arg(int index) {
        return args.get(index);
    }

    /** Word {@code index} as text, byte for byte (ISO-8859-1), for option names and messages. */
    public String text(int index) {
        return new String(args.get(index), StandardCharsets.ISO_8859_1);
    }

    /** Word {@code index} in upper case, for case-insensitive matching of command and option names. */
    public String upper(int index) {
        return text(index).toUpperCase(Locale.ROOT);
    }
}
