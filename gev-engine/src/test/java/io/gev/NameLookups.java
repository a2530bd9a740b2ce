package io.gev;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every host name the JVM is asked to resolve while it is installed: the JDK asks the security manager
 * ({@code checkConnect(host, -1)}) before it resolves a name; an address literal is not a name. A test fixture for
 * "nothing here resolves a name"; it needs a JDK that still allows a security manager (17 to 23; the engine's tests
 * run on 17).
 */
@SuppressWarnings({"removal", "deprecation"})
public final class NameLookups extends SecurityManager implements AutoCloseable {

    private final SecurityManager previous;
    private final List<String> names = new ArrayList<>();

    private NameLookups(SecurityManager previous) {
        this.previous = previous;
    }

    /** Starts recording, or returns null where the JDK has no security manager any more. */
    public static NameLookups record() {
        if (Runtime.version().feature() >= 24) {
            return null;
        }
        NameLookups lookups = new NameLookups(System.getSecurityManager());
        System.setSecurityManager(lookups);
        return lookups;
    }

    /** The names looked up so far. */
    public synchronized List<String> names() {
        return List.copyOf(names);
    }

    /**
     * The JDK asks with port -1 before it resolves a name, and also before it reveals a socket's local address (then
     * with the address as text): only names count.
     */
    @Override
    public synchronized void checkConnect(String host, int port) {
        int zone = host.indexOf('%');
        if (port == -1 && IpLiterals.parse(zone < 0 ? host : host.substring(0, zone)) == null) {
            names.add(host);
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything is allowed: this manager only watches for lookups
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // as above
    }

    /** Stops recording. */
    @Override
    public void close() {
        System.setSecurityManager(previous);
    }
}
