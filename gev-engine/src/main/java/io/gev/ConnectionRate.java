package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * New connections per second per client address: a token bucket per address, refilled at the rate and holding at
 * most one second of it (the burst). Its memory is bounded: it remembers at most {@link #MAX_ADDRESSES} addresses
 * (about 8 MB), forgetting the one seen least recently, which then starts again with a full bucket; an attacker who
 * cycles through more addresses than that can only be held back by the other limits. A client that is not an IP
 * address (a Unix domain socket's) is not limited.
 *
 * <p>Thread safe: one connection at a time takes the lock, once per connection, never on the byte path.
 */
final class ConnectionRate {

    /** Most addresses remembered. */
    static final int MAX_ADDRESSES = 65_536;

    private static final long SECOND = 1_000_000_000L;

    /** Credit one connection costs, in nanoseconds of refill. */
    private final long cost;
    private final Map<InetAddress, long[]> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** A rate of {@code perSecond} connections per second (and as many at once), at least 1. */
    ConnectionRate(int perSecond) {
        this.cost = SECOND / perSecond;
    }

    /**
     * Takes a token for a new connection from {@code address} at {@code nowNanos}; returns false when its bucket is
     * empty (the connection is over the rate).
     */
    synchronized boolean tryAcquire(SocketAddress address, long nowNanos) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        long[] bucket = buckets.get(inet.getAddress()); // {credit in nanoseconds, when it was last counted}
        if (bucket == null) {
            buckets.put(inet.getAddress(), new long[] {SECOND - cost, nowNanos});
            return true;
        }
        long credit = Math.min(SECOND, bucket[0] + Math.max(0, nowNanos - bucket[1]));
        bucket[1] = nowNanos;
        if (credit < cost) {
            bucket[0] = credit;
            return false;
        }
        bucket[0] = credit - cost;
        return true;
    }

    /** How many addresses it remembers now. */
    synchronized int addresses() {
        return buckets.size();
    }
}
