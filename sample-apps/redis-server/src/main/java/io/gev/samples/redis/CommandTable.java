package io.gev.samples.redis;

import io.gev.buffer.RingBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The commands the server knows, by name. Filled once at start, on one thread; thread safe to read after that.
 *
 * <p>A command is registered with what {@code COMMAND INFO} and {@code COMMAND DOCS} say of it:
 * <pre>{@code
 * table.command("GET", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast")
 *         .doc("string", "1.0.0", "O(1)", "Returns the value of a key.").args("key:key")
 *         .run((client, request) -> ...);
 * }</pre>
 * See {@link CommandArgument} for the syntax of the arguments.
 */
public final class CommandTable {

    private static final Command[] NONE = {};
    /** Slots per name length: one per letter, the first letter's low five bits ({@code P} and {@code p} alike). */
    private static final int LETTERS = 32;

    /**
     * The commands by the length and first letter of their name, so that a lookup compares one name or two and
     * allocates nothing: the commands whose name has {@code n} letters and starts with {@code c} are at
     * {@code n * LETTERS + (c & 0x1F)}.
     */
    private Command[][] byLengthAndLetter = new Command[0][];
    private final List<Command> all = new ArrayList<>();

    /** Adds {@code command}. */
    public void add(Command command) {
        int slot = slot(command.nameBytes().length, command.nameBytes()[0]);
        if (slot >= byLengthAndLetter.length) {
            int old = byLengthAndLetter.length;
            byLengthAndLetter = Arrays.copyOf(byLengthAndLetter, (command.nameBytes().length + 1) * LETTERS);
            Arrays.fill(byLengthAndLetter, old, byLengthAndLetter.length, NONE);
        }
        Command[] same = Arrays.copyOf(byLengthAndLetter[slot], byLengthAndLetter[slot].length + 1);
        same[same.length - 1] = command;
        byLengthAndLetter[slot] = same;
        all.add(command);
    }

    /**
     * Adds a command: Redis's arity, flags (space separated) and key positions ({@code 0, 0, 0}: no key), and its
     * action, without documentation.
     */
    public void add(String name, int arity, String flags, int firstKey, int lastKey, int step, Command.Action action) {
        command(name, arity, flags, firstKey, lastKey, step).run(action);
    }

    /**
     * Starts registering a command: Redis's arity, flags (space separated) and key positions ({@code 0, 0, 0}: no
     * key); {@link Registration#run} adds it.
     */
    public Registration command(String name, int arity, String flags, int firstKey, int lastKey, int step) {
        return new Registration(name, arity, flags, firstKey, lastKey, step);
    }

    /** The command called {@code name}, in any case, or null; a name of any length may be asked for. Any thread. */
    public Command find(byte[] name) {
        if (noNameOfLength(name.length)) {
            return null;
        }
        for (Command command : byLengthAndLetter[slot(name.length, name[0])]) {
            if (command.isNamed(name)) {
                return command;
            }
        }
        return null;
    }

    /**
     * The command named by the {@code length} bytes at {@code offset} of {@code in}, in any case, or null: a lookup
     * that copies nothing.
     */
    public Command find(RingBuffer in, int offset, int length) {
        if (noNameOfLength(length)) {
            return null;
        }
        for (Command command : byLengthAndLetter[slot(length, in.peekByte(offset))]) {
            if (command.isNamed(in, offset, length)) {
                return command;
            }
        }
        return null;
    }

    /** Whether no command can have a name of {@code length} letters: none is empty, none longer than the longest. */
    private boolean noNameOfLength(int length) {
        return length == 0 || length >= byLengthAndLetter.length / LETTERS;
    }

    private static int slot(int length, byte first) {
        return length * LETTERS + (first & 0x1F);
    }

    /** Every command, in the order they were added. Any thread. */
    public List<Command> all() {
        return Collections.unmodifiableList(all);
    }

    /** A command being registered: what COMMAND INFO and COMMAND DOCS say of it, then its action. */
    public final class Registration {
        private final String name;
        private final int arity;
        private final Set<String> flags;
        private final int firstKey;
        private final int lastKey;
        private final int step;
        private List<String> categories = List.of();
        private List<String> tips = List.of();
        private List<List<String>> keySpecs;
        private String group = "";
        private String since = "";
        private String complexity = "";
        private String summary = "";
        private List<CommandArgument> arguments = List.of();

        private Registration(String name, int arity, String flags, int firstKey, int lastKey, int step) {
            this.name = name;
            this.arity = arity;
            this.flags = Collections.unmodifiableSet(new LinkedHashSet<>(words(flags)));
            this.firstKey = firstKey;
            this.lastKey = lastKey;
            this.step = step;
            this.keySpecs = firstKey == 0 ? List.of()
                    : List.of(this.flags.contains("write") ? List.of("RW", "update") : List.of("RO", "access"));
        }

        /** Its ACL categories, space separated ({@code @read @string @fast}). */
        public Registration acl(String categories) {
            this.categories = words(categories);
            return this;
        }

        /**
         * The flags of its key specification ({@code OW update}; by default RW update or RO access), or of each key
         * word's when several are given.
         */
        public Registration keySpec(String... flags) {
            this.keySpecs = Stream.of(flags).map(Registration::words).toList();
            return this;
        }

        /** Its command tips, space separated ({@code nondeterministic_output}). */
        public Registration tips(String tips) {
            this.tips = words(tips);
            return this;
        }

        /** Its group, the Redis version that introduced it, its complexity and a one-line summary. */
        public Registration doc(String group, String since, String complexity, String summary) {
            this.group = group;
            this.since = since;
            this.complexity = complexity;
            this.summary = summary;
            return this;
        }

        /** Its arguments, in the syntax of {@link CommandArgument#parse}. */
        public Registration args(String syntax) {
            this.arguments = CommandArgument.parse(syntax);
            return this;
        }

        /** Adds the command, doing {@code action}. */
        public void run(Command.Action action) {
            add(new Command(name, arity, flags, firstKey, lastKey, step, categories, tips, keySpecs,
                    new CommandDocs(summary, since, group, complexity, arguments), action));
        }

        private static List<String> words(String spaced) {
            return spaced.isBlank() ? List.of() : List.of(spaced.trim().split(" +"));
        }
    }
}
