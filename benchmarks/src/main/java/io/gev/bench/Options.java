package io.gev.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the benchmark tools, with defaults. */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code --name value} pairs; anything else is an error. */
    public Options(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    /** The option's value, or {@code fallback} when it was not given. */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The option's integer value, or {@code fallback}. */
    public int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }
}
