package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
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

    /**
     * Where {@code server} listens, for people: the host of a TCP server (its port is told apart), the path of a Unix
     * domain socket, or null before it started.
     */
    public static String listenAddress(GevServer server) {
        SocketAddress address = server.localAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString();
        }
        return address instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : null;
    }

    /** {@code default} for the default server, else the name itself. */
    public static String displayName(String name) {
        return name.isEmpty() ? "default" : name;
    }
}
