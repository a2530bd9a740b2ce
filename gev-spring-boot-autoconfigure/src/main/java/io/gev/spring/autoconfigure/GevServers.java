package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanCurrentlyInCreationException;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The application's gev servers by name ({@value #DEFAULT} for the default server), built and ready to be started by
 * {@link GevServerLifecycle}. What health, metrics and the endpoint report on.
 *
 * <p>Handlers may inject it, to reach their own server and the others (an admin handler counting every server's
 * connections, say), without a bean cycle: the auto-configured instance depends on no handler, and builds the servers
 * once every singleton exists (or when first asked). Ask for a server in a handler's callbacks, not in its
 * constructor. Thread safe.
 */
public class GevServers implements SmartInitializingSingleton {

    /** The name of the default server, the one of a {@link io.gev.spring.GevHandler} without a name. */
    public static final String DEFAULT = "default";

    private final Supplier<Map<String, GevServer>> builder;
    private volatile Map<String, GevServer> servers;

    /** The given servers, already built. */
    public GevServers(Map<String, GevServer> servers) {
        this.builder = null;
        this.servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    }

    /** Servers {@code builder} builds, once every singleton exists or when first asked for. */
    GevServers(Supplier<Map<String, GevServer>> builder) {
        this.builder = builder;
    }

    /** Builds the servers now that every singleton (every handler) exists. */
    @Override
    public void afterSingletonsInstantiated() {
        asMap();
    }

    /** The servers by name, the default server (if any) first. */
    public Map<String, GevServer> asMap() {
        Map<String, GevServer> built = servers;
        return built != null ? built : build();
    }

    private synchronized Map<String, GevServer> build() {
        if (servers == null) {
            try {
                servers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.get()));
            } catch (BeanCurrentlyInCreationException e) {
                throw new BeanCreationException("gev servers were asked for while a handler was being created: they "
                        + "are built from the handlers, so reach them from a handler's callbacks (onConnect, "
                        + "onMessage, ...), not from its constructor or a @PostConstruct method", e);
            } catch (RuntimeException e) {
                throw new BeanCreationException("Could not build the gev servers", e);
            }
        }
        return servers;
    }

    /** The server named {@code name} ({@value #DEFAULT} for the default server), or null. */
    public GevServer get(String name) {
        return asMap().get(name);
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

    /**
     * How {@code server} is reached, as the health details and the {@code gev} endpoint name it: {@code udp},
     * {@code unix} (bound to a Unix domain socket) or {@code tcp}. Thread safe.
     */
    public static String transport(GevServer server) {
        if (server.isUdp()) {
            return "udp";
        }
        return server.localAddress() instanceof UnixDomainSocketAddress ? "unix" : "tcp";
    }
}
