package io.gev.samples.proxy;

import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code proxy} ({@code /actuator/proxy} when exposed): how upstreams are chosen, the clients served
 * now, retries, and each upstream with its state, the clients it relays and its failures. Thread safe.
 */
@Endpoint(id = "proxy")
public class ProxyEndpoint {

    private final Upstreams upstreams;

    ProxyEndpoint(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    /** The proxy now. Thread safe. */
    @ReadOperation
    public Description proxy() {
        List<UpstreamDescription> each = upstreams.all().stream()
                .map(u -> new UpstreamDescription(u.name(), u.isUp() ? "UP" : "DOWN", u.activeConnections(),
                        u.connectFailures(), u.checkFailures()))
                .toList();
        return new Description(upstreams.balance().name().toLowerCase().replace('_', '-'), upstreams.isDraining(),
                upstreams.clients(), upstreams.retries(), upstreams.unservedClients(), upstreams.localFailures(), each);
    }

    /**
     * The proxy as the endpoint shows it: {@code clients} connected now (being connected or relayed),
     * {@code retries} connects tried again on another upstream, {@code unservedClients} clients closed with no
     * upstream (none up, every attempt failed, or the proxy could not connect), {@code localConnectFailures} connects
     * that failed on the proxy's side (out of file descriptors or local ports; not held against an upstream).
     */
    public record Description(String balance, boolean draining, int clients, long retries, long unservedClients,
            long localConnectFailures, List<UpstreamDescription> upstreams) {
    }

    /**
     * One upstream: {@code state} UP or DOWN, {@code activeConnections} the clients it relays now (connects under way
     * included), {@code connectFailures} clients' connects to it that failed, {@code checkFailures} failed health
     * checks.
     */
    public record UpstreamDescription(String address, String state, int activeConnections, long connectFailures,
            long checkFailures) {
    }
}
