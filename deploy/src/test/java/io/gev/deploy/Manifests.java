package io.gev.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Every object of the YAML files in a folder of Kubernetes manifests, with lookups by kind and name. */
final class Manifests {

    private final List<Map<String, Object>> objects;

    private Manifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** Reads every {@code *.yaml} file of {@code folder}, each a stream of documents. */
    static Manifests read(Path folder) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        objects.add(Tree.map(document));
                    }
                }
            }
        }
        return new Manifests(objects);
    }

    /** The objects of {@code kind}. */
    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** The object of {@code kind} called {@code name}. */
    Map<String, Object> get(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(Tree.text(o, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the manifests"));
    }

    /** The first container of a Deployment. */
    static Map<String, Object> container(Map<String, Object> deployment) {
        return Tree.map(Tree.list(deployment, "spec", "template", "spec", "containers").get(0));
    }

    /** The number of a container's port, given its name or its number. */
    static int containerPort(Map<String, Object> container, Object nameOrNumber) {
        if (nameOrNumber instanceof Integer number) {
            return number;
        }
        return Tree.list(container, "ports").stream().map(Tree::map)
                .filter(p -> nameOrNumber.equals(p.get("name"))).findFirst()
                .map(p -> Tree.number(p, "containerPort"))
                .orElseThrow(() -> new AssertionError("no container port " + nameOrNumber + " in " + container));
    }

    /** A container's environment variables. */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        Tree.list(container, "env").stream().map(Tree::map)
                .forEach(e -> env.put(Tree.text(e, "name"), Tree.text(e, "value")));
        return env;
    }
}
