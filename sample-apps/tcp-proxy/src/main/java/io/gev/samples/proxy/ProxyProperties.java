package io.gev.samples.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The proxy's settings, {@code proxy.*} in application.yml; checked when they are bound, so that a wrong one stops
 * the start with a message naming it.
 *
 * @param upstreams       Where client connections are relayed to, as host:port ([v6]:port for an IPv6 literal);
 *                        1 to 64 different ones. A host name is looked up once, at start (a name with no address
 *                        stops the start). On the command line: --proxy.upstreams=host:port,host:port.
 * @param balance         How an upstream is chosen for a new client among those up: round-robin (in turn) or
 *                        least-connections (the one relaying the fewest clients now, in turn among equals).
 * @param connectTimeout  Longest wait for an upstream to accept; then the connect counts as failed.
 * @param connectAttempts Upstreams tried at most for one client, each a different one: when a connect fails (refused,
 *                        timed out) the next is tried; once every attempt failed the client is closed.
 * @param sendProxy       v2: a PROXY protocol v2 header with the client's address (the original client's when the
 *                        proxy itself reads PROXY headers, gev.proxy-protocol) goes to the upstream before any
 *                        relayed byte, and health checks send a LOCAL one. off: none.
 * @param health          Active health checks of the upstreams.
 */
@ConfigurationProperties("proxy")
public record ProxyProperties(
        @DefaultValue("127.0.0.1:1833") List<String> upstreams,
        @DefaultValue("round-robin") Balance balance,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("2") int connectAttempts,
        @DefaultValue("off") SendProxy sendProxy,
        @DefaultValue HealthCheck health) {

    /** Upstreams at most: the ones tried for a client are a bit set in a {@code long}. */
    static final int MAX_UPSTREAMS = Long.SIZE;

    public ProxyProperties {
        if (upstreams.isEmpty() || upstreams.size() > MAX_UPSTREAMS) {
            throw new IllegalArgumentException("proxy.upstreams must name 1 to " + MAX_UPSTREAMS
                    + " upstreams, but named " + upstreams.size());
        }
        distinct(upstreams);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("proxy.connect-timeout must be positive, but was " + connectTimeout);
        }
        if (connectAttempts < 1) {
            throw new IllegalArgumentException("proxy.connect-attempts must be 1 or more, but was " + connectAttempts);
        }
    }

    /** How a new client's upstream is chosen. */
    public enum Balance {
        /** Each upstream in turn. */
        ROUND_ROBIN,
        /** The upstream relaying the fewest clients now; in turn among equals. */
        LEAST_CONNECTIONS
    }

    /** What the proxy tells an upstream about the client before relaying. */
    public enum SendProxy {
        /** Nothing: the upstream sees the proxy as its peer. */
        OFF,
        /** A PROXY protocol v2 header (binary) with the client's address and the address it dialled. */
        V2
    }

    /**
     * Active health checks: a TCP connect to each upstream every {@code interval}; an upstream is taken out after
     * {@code fall} failures in a row (failed connects of clients count too) and back in after {@code rise} successful
     * checks in a row.
     *
     * @param interval Time between two checks of an upstream.
     * @param timeout  Longest a check's connect may take; then it failed.
     * @param fall     Failures in a row (checks, and clients' connects) that take an upstream out.
     * @param rise     Successful checks in a row that put a down upstream back.
     */
    public record HealthCheck(@DefaultValue("2s") Duration interval, @DefaultValue("1s") Duration timeout,
            @DefaultValue("3") int fall, @DefaultValue("2") int rise) {

        public HealthCheck {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("proxy.health.interval must be positive, but was " + interval);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("proxy.health.timeout must be positive, but was " + timeout);
            }
            if (fall < 1 || rise < 1) {
                throw new IllegalArgumentException("proxy.health.fall and proxy.health.rise must be 1 or more, but "
                        + "were " + fall + " and " + rise);
            }
        }
    }

    /** Checks that no two of {@code upstreams} are the same address (a name and its address, say). */
    private static void distinct(List<String> upstreams) {
        Map<InetSocketAddress, String> seen = new HashMap<>();
        for (String upstream : upstreams) {
            InetSocketAddress address = address(upstream);
            String before = seen.putIfAbsent(address, upstream);
            if (before != null) {
                String same = address.getAddress().getHostAddress() + ":" + address.getPort();
                throw new IllegalArgumentException("proxy.upstreams: '" + before + "' and '" + upstream
                        + "' are the same upstream, " + same);
            }
        }
    }

    /** The upstreams' addresses (resolved now), in the order given. */
    List<InetSocketAddress> upstreamAddresses() {
        return upstreams.stream().map(ProxyProperties::address).toList();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "proxy.upstreams: '" + hostPort + "' is not host:port (port 1 to 65535)");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("proxy.upstreams: '" + hostPort + "': no address is known for " + host);
        }
        return address;
    }
}
