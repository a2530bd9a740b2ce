package io.gev.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} arguments of the benchmark tools: a name may come several times, each value is kept. */
public final class Arguments {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException for an argument that is not such a pair
     */
    public Arguments(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.computeIfAbsent(args[i].substring(2), n -> new ArrayList<>()).add(args[i + 1]);
        }
    }

    /** The names given, in order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Every value given for {@code name}, in order; empty when it was not given. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The (first) value of {@code name}, or {@code fallback} when it was not given. */
    public String get(String name, String fallback) {
        List<String> given = all(name);
        return given.isEmpty() ? fallback : given.get(0);
    }

    /** The integer value of {@code name}, or {@code fallback}. */
    public int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }
}
