package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The parameters {@code CONFIG GET} reports and {@code CONFIG SET} changes, registered by the code that owns each
 * setting (the persistence registers {@code appendonly}, {@code appendfsync}, ...). Thread safe: parameters may be
 * registered and read from any thread; a setter runs on the loop thread of the connection that sent CONFIG SET and
 * must not block.
 */
public final class ServerConfig {

    /** A parameter: how to read its value, and how to change it (null: it cannot change while the server runs). */
    private record Parameter(String name, Supplier<String> getter, Consumer<String> setter) {
    }

    private final Map<String, Parameter> parameters = new ConcurrentHashMap<>();

    /**
     * Registers {@code name} (lower case), read by {@code getter}, changed by {@code setter}, or immutable when it is
     * null. The setter throws {@link IllegalArgumentException} with Redis's message ({@code argument must be 'yes'
     * or 'no'}) for a value it refuses. A later registration of the same name replaces the earlier one.
     */
    public void register(String name, Supplier<String> getter, Consumer<String> setter) {
        parameters.put(name.toLowerCase(Locale.ROOT), new Parameter(name.toLowerCase(Locale.ROOT), getter, setter));
    }

    /** Registers a parameter whose value never changes while the server runs. */
    public void registerFixed(String name, String value) {
        register(name, () -> value, null);
    }

    /**
     * {@code CONFIG GET pattern...}: names and values of the parameters that match a pattern (a glob, in any case);
     * a name asked for without glob characters is reported as it was spelled, as Redis does.
     */
    Map<String, String> get(List<byte[]> patterns) {
        Map<String, String> found = new LinkedHashMap<>();
        for (byte[] pattern : patterns) {
            String text = new String(pattern, StandardCharsets.ISO_8859_1);
            Parameter exact = parameters.get(text.toLowerCase(Locale.ROOT));
            if (exact != null && !hasGlobCharacters(text)) {
                found.putIfAbsent(text, exact.getter.get());
                continue;
            }
            Glob glob = new Glob(pattern, true);
            parameters.values().stream().sorted((a, b) -> a.name.compareTo(b.name))
                    .filter(p -> glob.matches(p.name.getBytes(StandardCharsets.ISO_8859_1)))
                    .forEach(p -> found.putIfAbsent(p.name, p.getter.get()));
        }
        return found;
    }

    /**
     * {@code CONFIG SET name value...}: checks every name first (unknown, immutable, repeated), then sets each in
     * turn; when a value is refused, the ones set before it get their old value back.
     *
     * @throws CommandException with Redis's message
     */
    void set(List<byte[]> namesAndValues) {
        List<Parameter> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            String name = new String(namesAndValues.get(i), StandardCharsets.ISO_8859_1);
            Parameter parameter = parameters.get(name.toLowerCase(Locale.ROOT));
            if (parameter == null) {
                throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (parameter.setter == null) {
                throw failed(name, "can't set immutable config");
            }
            if (!seen.add(parameter.name)) {
                throw failed(name, "duplicate parameter");
            }
            targets.add(parameter);
        }
        List<String> oldValues = targets.stream().map(p -> p.getter.get()).toList();
        for (int i = 0; i < targets.size(); i++) {
            try {
                targets.get(i).setter.accept(new String(namesAndValues.get(2 * i + 1), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                for (int j = 0; j < i; j++) {
                    targets.get(j).setter.accept(oldValues.get(j));
                }
                throw failed(new String(namesAndValues.get(2 * i), StandardCharsets.ISO_8859_1), e.getMessage());
            }
        }
    }

    private static CommandException failed(String name, String reason) {
        return new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    private static boolean hasGlobCharacters(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }
}
