package io.gev;

import java.net.SocketAddress;

/**
 * Whom a server admits: clients its access list allows, no faster than its rate per address, while there is room
 * under its connection limits. The access list and the rate judge the client itself: the socket's peer, or, when a
 * trusted PROXY header will name the client, the client it names, once the header is read. Every refusal is counted
 * by reason. Thread safe.
 */
final class Admission {

    private final AccessList access;
    /** The rate per address, or null: none. */
    private final ConnectionRate rate;
    private final ConnectionLimits limits;

    Admission(ListenOptions listen) {
        this.access = listen.access();
        this.rate = listen.maxConnectionRatePerIp() > 0 ? new ConnectionRate(listen.maxConnectionRatePerIp()) : null;
        this.limits = new ConnectionLimits(listen.maxConnections(), listen.maxConnectionsPerIp());
    }

    /**
     * Admits a connection just accepted from {@code remote}: null when it may be served (it holds a place under the
     * limits then), else why not (counted). {@code clientNamedLater}: a trusted PROXY header will name the client,
     * and the access list and rate wait for it ({@link #screen}).
     */
    RefusalReason atAccept(SocketAddress remote, boolean clientNamedLater) {
        RefusalReason refusal = clientNamedLater ? null : screen(remote);
        return refusal != null ? refusal : limits.acquire(remote);
    }

    /** Judges {@code client} by the access list and the rate: null when admitted, else why not (counted). */
    RefusalReason screen(SocketAddress client) {
        if (!access.admits(client)) {
            return limits.refuse(RefusalReason.ACCESS);
        }
        if (rate != null && !rate.tryAcquire(client, System.nanoTime())) {
            return limits.refuse(RefusalReason.RATE);
        }
        return null;
    }

    /** Gives back the place of a connection from {@code remote} that closed. */
    void release(SocketAddress remote) {
        limits.release(remote);
    }

    /** The limits, which also count the refusals. */
    ConnectionLimits limits() {
        return limits;
    }
}
