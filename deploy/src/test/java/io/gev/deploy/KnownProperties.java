package io.gev.deploy;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The property names a container's environment may set: those of the configuration metadata on the class path
 * ({@code gev.*}, {@code spring.data.redis.*}) and those the sample's own {@code application.yml} sets.
 */
final class KnownProperties {

    private final Set<String> canonical = new HashSet<>();

    /** The names of every {@code META-INF/spring-configuration-metadata.json} on the class path. */
    static KnownProperties fromMetadata() throws IOException {
        KnownProperties known = new KnownProperties();
        ClassLoader loader = KnownProperties.class.getClassLoader();
        for (URL url : Collections.list(loader.getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                List<String> names = JsonPath.read(in, "$.properties[*].name");
                names.forEach(known::add);
            }
        }
        return known;
    }

    /** Adds {@code name}; {@code a.b[0]} adds {@code a.b} too (a list, which a variable may set comma-separated). */
    void add(String name) {
        canonical.add(SampleConfig.canonical(name));
        if (name.contains("[")) {
            canonical.add(SampleConfig.canonical(name.substring(0, name.indexOf('['))));
        }
    }

    /** Adds every name {@code config}'s file sets. */
    KnownProperties with(SampleConfig config) {
        KnownProperties known = new KnownProperties();
        known.canonical.addAll(canonical);
        config.names().forEach(known::add);
        return known;
    }

    /** Whether {@code variable} binds to a known property. */
    boolean bindsTo(String variable) {
        return canonical.contains(SampleConfig.envCanonical(variable));
    }
}
