package io.gev.samples.redis;

import io.gev.buffer.RingBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The commands the server knows, by name. Filled once at start; thread safe to read after that.
 */
public final class CommandTable {

    private static final Command[] NONE = {};

    /** The commands by the length of their name, so that a lookup compares a few names and allocates nothing. */
    private Command[][] byNameLength = new Command[0][];
    private final List<Command> all = new ArrayList<>();

    /** Adds {@code command}. */
    public void add(Command command) {
        int length = command.name().length();
        if (length >= byNameLength.length) {
            int old = byNameLength.length;
            byNameLength = Arrays.copyOf(byNameLength, length + 1);
            Arrays.fill(byNameLength, old, length + 1, NONE);
        }
        Command[] same = Arrays.copyOf(byNameLength[length], byNameLength[length].length + 1);
        same[same.length - 1] = command;
        byNameLength[length] = same;
        all.add(command);
    }

    /**
     * Adds a command: Redis's arity, flags (space separated) and key positions ({@code 0, 0, 0}: no key), and its
     * action.
     */
    public void add(String name, int arity, String flags, int firstKey, int lastKey, int step, Command.Action action) {
        add(new Command(name, arity, Set.of(flags.split(" ")), firstKey, lastKey, step, action));
    }

    /** The command called {@code name}, in any case, or null; a name of any length may be asked for. */
    public Command find(byte[] name) {
        if (name.length < byNameLength.length) {
            for (Command command : byNameLength[name.length]) {
                if (command.isNamed(name)) {
                    return command;
                }
            }
        }
        return null;
    }

    /**
     * The command named by the {@code length} bytes at {@code offset} of {@code in}, in any case, or null: a lookup
     * that copies nothing.
     */
    public Command find(RingBuffer in, int offset, int length) {
        if (length < byNameLength.length) {
            for (Command command : byNameLength[length]) {
                if (command.isNamed(in, offset, length)) {
                    return command;
                }
            }
        }
        return null;
    }

    /** Every command, in the order they were added. */
    public List<Command> all() {
        return Collections.unmodifiableList(all);
    }
}
