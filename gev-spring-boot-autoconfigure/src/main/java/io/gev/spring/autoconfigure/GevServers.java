package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application's gev servers by name ({@code ""} for the default server), built and ready to be started by
 * {@link GevServerLifecycle}. What health, metrics and the endpoint report on.
 */
public class GevServers {

    private final Map<String, GevServer> servers;

    public GevServers(Map<String, GevServer> servers) {
        this.servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    }

    /** The servers by name, the default server (if any) first. */
    public Map<String, GevServer> asMap() {
        return servers;
    }

    /** The server named {@code name}, or null. */
    public GevServer get(String name) {
        return servers.get(name);
    }

    /** {@code default} for the default server, else the name itself. */
    public static String displayName(String name) {
        return name.isEmpty() ? "default" : name;
    }
}
