package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's connection limits: at most {@code max} connections in all and {@code maxPerIp} from one address (0:
 * no limit). Admission asks before handing a connection to a loop; a loop gives the place back when the connection
 * closes. It also counts every refusal, whatever its reason. Thread safe.
 */
final class ConnectionLimits {

    private final int max;
    private final int maxPerIp;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final Map<RefusalReason, LongAdder> refused = new EnumMap<>(RefusalReason.class);

    ConnectionLimits(int max, int maxPerIp) {
        this.max = max;
        this.maxPerIp = maxPerIp;
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    /** Takes a place for a connection from {@code remote}: null when granted, else why not (counted). */
    RefusalReason acquire(SocketAddress remote) {
        if (max > 0 && open.incrementAndGet() > max) {
            open.decrementAndGet();
            return refuse(RefusalReason.MAX_CONNECTIONS);
        }
        InetAddress ip = addressOf(remote);
        if (maxPerIp > 0 && ip != null
                && perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet() > maxPerIp) {
            releaseIp(ip);
            if (max > 0) {
                open.decrementAndGet();
            }
            return refuse(RefusalReason.MAX_CONNECTIONS_PER_IP);
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

    /** Counts a connection refused for {@code reason}, and returns the reason. */
    RefusalReason refuse(RefusalReason reason) {
        refused.get(reason).increment();
        return reason;
    }

    /** Connections refused for {@code reason} so far. */
    long refused(RefusalReason reason) {
        return refused.get(reason).sum();
    }

    private void releaseIp(InetAddress ip) {
        perIp.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
