package io.gev.samples.redis;

import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A command the server knows: its name, its arity and key positions as Redis describes them ({@code COMMAND INFO}),
 * its flags, ACL categories and documentation ({@code COMMAND DOCS}), and what it does. Immutable.
 *
 * @param name       the name, upper case
 * @param arity      Redis's arity: the exact number of words (the name included), or at least {@code -arity} words
 *                   when negative
 * @param flags      Redis's flags, lower case ({@code write}, {@code readonly}, {@code fast}, ...), in order
 * @param firstKey   the word of the first key (0: the command takes no key)
 * @param lastKey    the word of the last key (-1: the last word)
 * @param step       the distance between keys
 * @param categories Redis's ACL categories ({@code @read}, {@code @string}, ...)
 * @param tips       Redis's command tips ({@code nondeterministic_output}, ...)
 * @param keySpecs   the flags of each key specification ({@code RO access}, ...): one covering every key, or one
 *                   per key word when there are several; none without keys
 * @param docs       its documentation
 * @param action     what it does
 * @param nameBytes  the name as ASCII bytes
 * @param write      whether {@code flags} has {@code write}, looked up once
 */
public record Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
        List<String> categories, List<String> tips, List<List<String>> keySpecs, CommandDocs docs, Action action,
        byte[] nameBytes, boolean write) {

    /** A command whose {@link #nameBytes} and {@link #write} follow from its name and flags. */
    public Command(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
            List<String> categories, List<String> tips, List<List<String>> keySpecs, CommandDocs docs, Action action) {
        this(name, arity, flags, firstKey, lastKey, step, categories, tips, keySpecs, docs, action,
                name.getBytes(StandardCharsets.US_ASCII), flags.contains("write"));
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

    /** Whether the command changes the keyspace: what the append-only file records. Any thread. */
    public boolean isWrite() {
        return write;
    }

    /** Whether {@code word} is this command's name in any case (names are upper-case ASCII letters). Any thread. */
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

    /** Whether a request of {@code words} words has a valid length. Any thread. */
    public boolean accepts(int words) {
        return arity >= 0 ? words == arity : words >= -arity;
    }

    /** Redis's error for a request of the wrong length. Any thread. */
    public CommandException wrongArity() {
        return CommandException.wrongArity(name.toLowerCase(Locale.ROOT));
    }

    /**
     * What {@code COMMAND INFO} says of it: name, arity, flags, first key, last key, step, ACL categories, tips, key
     * specifications and subcommands. Any thread.
     */
    public RespReply info() {
        return RespReply.array(List.of(RespReply.bulk(name.toLowerCase(Locale.ROOT)), RespReply.integer(arity),
                simpleSet(flags), RespReply.integer(firstKey), RespReply.integer(lastKey), RespReply.integer(step),
                simpleSet(categories), RespReply.set(tips.stream().map(RespReply::bulk).toList()), keySpecReplies(),
                RespReply.set(List.of())));
    }

    /** The key specifications: where the keys begin and how many follow, and how the command uses them. */
    private RespReply keySpecReplies() {
        List<RespReply> specs = new ArrayList<>();
        for (int i = 0; i < keySpecs.size(); i++) {
            boolean whole = keySpecs.size() == 1;
            int lastKeyOffset = !whole ? 0 : lastKey < 0 ? lastKey : lastKey - firstKey;
            specs.add(keySpec(keySpecs.get(i), firstKey + i, lastKeyOffset, whole ? step : 1));
        }
        return RespReply.set(specs);
    }

    private static RespReply keySpec(List<String> flags, int index, int lastKeyOffset, int keyStep) {
        RespReply begin = RespReply.map(List.of(RespReply.bulk("type"), RespReply.bulk("index"),
                RespReply.bulk("spec"), RespReply.map(List.of(RespReply.bulk("index"), RespReply.integer(index)))));
        RespReply find = RespReply.map(List.of(RespReply.bulk("type"), RespReply.bulk("range"),
                RespReply.bulk("spec"), RespReply.map(List.of(RespReply.bulk("lastkey"),
                        RespReply.integer(lastKeyOffset), RespReply.bulk("keystep"), RespReply.integer(keyStep),
                        RespReply.bulk("limit"), RespReply.integer(0)))));
        return RespReply.map(List.of(RespReply.bulk("flags"), simpleSet(flags), RespReply.bulk("begin_search"),
                begin, RespReply.bulk("find_keys"), find));
    }

    private static RespReply simpleSet(Iterable<String> words) {
        List<RespReply> elements = new ArrayList<>();
        words.forEach(word -> elements.add(RespReply.simple(word)));
        return RespReply.set(elements);
    }
}
