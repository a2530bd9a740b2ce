package io.gev.deploy;

import java.util.List;
import java.util.Map;

/** Reads parsed YAML (maps, lists and scalars) by path, failing with the path when something is missing. */
final class Tree {

    private Tree() {
    }

    /** The map at {@code path} under {@code node}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        return (Map<String, Object>) at(node, path);
    }

    /** The list at {@code path} under {@code node}, empty when there is none. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object found = find(node, path);
        return found == null ? List.of() : (List<Object>) found;
    }

    /** The scalar at {@code path} under {@code node}, as text. */
    static String text(Object node, String... path) {
        return String.valueOf(at(node, path));
    }

    /** The scalar at {@code path} under {@code node}, as a number. */
    static int number(Object node, String... path) {
        return Integer.parseInt(text(node, path));
    }

    /** The node at {@code path} under {@code node}, or null. */
    static Object find(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static Object at(Object node, String... path) {
        Object found = find(node, path);
        if (found == null) {
            throw new AssertionError("no " + String.join(".", path) + " in " + node);
        }
        return found;
    }
}
