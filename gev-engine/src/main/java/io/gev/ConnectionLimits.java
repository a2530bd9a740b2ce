package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's connection limits: at most {@code max} connections in all and {@code maxPerIp} from one address (0:
 * no limit). The acceptor asks before handing a connection to a loop; a loop gives the place back when the connection
 * closes. Thread safe.
 */
final class ConnectionLimits {

    /** Why a connection was refused. */
    enum Refusal {
        /** The server has its maximum of connections. */
        MAX_CONNECTIONS,
        /** The peer's address has its maximum of connections. */
        MAX_CONNECTIONS_PER_IP
    }

    private final int max;
    private final int maxPerIp;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final LongAdder refusedOverMax = new LongAdder();
    private final LongAdder refusedOverPerIp = new LongAdder();

    ConnectionLimits(int max, int maxPerIp) {
        this.max = max;
        this.maxPerIp = maxPerIp;
    }

    /** Takes a place for a connection from {@code remote}: null when granted, else why not. */
    Refusal acquire(SocketAddress remote) {
        if (max > 0 && open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusedOverMax.increment();
            return Refusal.MAX_CONNECTIONS;
        }
        InetAddress ip = addressOf(remote);
        if (maxPerIp > 0 && ip != null
                && perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet() > maxPerIp) {
            releaseIp(ip);
            if (max > 0) {
                open.decrementAndGet();
            }
            refusedOverPerIp.increment();
            return Refusal.MAX_CONNECTIONS_PER_IP;
        }
        return null;
    }

    /** Gives back the place of a connection from {@code remote} that closed. */
    void release(SocketAddress remote) {
        if (max > 0) {
            open.decrementAndGet();
        }
        InetAddress ip = addressOf(remote);
        if (maxPerIp > 0 && ip != null) {
            releaseIp(ip);
        }
    }

    private void releaseIp(InetAddress ip) {
        perIp.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    long refused(Refusal reason) {
        return reason == Refusal.MAX_CONNECTIONS ? refusedOverMax.sum() : refusedOverPerIp.sum();
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
