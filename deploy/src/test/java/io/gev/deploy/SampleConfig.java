package io.gev.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * A sample's {@code application.yml} as flat property names, with the environment of its container on top (as
 * Spring Boot binds {@code GEV_SHUTDOWNTIMEOUT} to {@code gev.shutdown-timeout}).
 */
final class SampleConfig {

    private final Map<String, String> properties;
    private final Map<String, String> env;

    private SampleConfig(Map<String, String> properties, Map<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /** Reads {@code file}; {@code env} overrides what it says. */
    static SampleConfig read(Path file, Map<String, String> env) throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            flatten("", new Yaml().load(reader), flat);
        }
        return new SampleConfig(flat, env);
    }

    /** The property names the file sets. */
    Iterable<String> names() {
        return properties.keySet();
    }

    /** The value of {@code name}: from the environment if it sets it, else from the file, else null. */
    String get(String name) {
        return env.entrySet().stream().filter(e -> canonical(name).equals(envCanonical(e.getKey())))
                .map(Map.Entry::getValue).findFirst().orElse(properties.get(name));
    }

    /** The value of {@code name}, which must be set. */
    String require(String name) {
        String value = get(name);
        if (value == null) {
            throw new AssertionError(name + " is set neither in application.yml nor in the container's env");
        }
        return value;
    }

    /** The value of {@code name} as a port. */
    int port(String name) {
        return Integer.parseInt(require(name));
    }

    /** The value of {@code name} as a duration ({@code 10s}, {@code 500ms}, or milliseconds). */
    Duration duration(String name) {
        return DurationStyle.detectAndParse(require(name));
    }

    /** A property name in the form that relaxed binding compares: lower case, no dashes, indexes as dots. */
    static String canonical(String name) {
        return name.replace("-", "").replace("[", ".").replace("]", "").toLowerCase(Locale.ROOT);
    }

    /** The canonical property name an environment variable binds to ({@code GEV_PROXYPROTOCOL}: gev.proxyprotocol). */
    static String envCanonical(String variable) {
        return variable.replace('_', '.').toLowerCase(Locale.ROOT);
    }

    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }
}
