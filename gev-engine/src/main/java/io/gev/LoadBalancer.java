package io.gev;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the event loop that will own a new connection. Called on the acceptor thread, once per accepted connection.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Returns the index, in {@code [0, loops.size())}, of the loop for a connection from {@code remote}.
     *
     * @param loops  the server's loops, with their current connection counts
     * @param remote the peer's address
     */
    int select(Loops loops, SocketAddress remote);

    /** A read-only view of the server's loops. */
    interface Loops {

        /** Number of loops. */
        int size();

        /** Connections owned by (or being handed to) loop {@code index}. */
        int connectionCount(int index);
    }

    /** Hands connections to the loops in turn. */
    static LoadBalancer roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return (loops, remote) -> Math.floorMod(next.getAndIncrement(), loops.size());
    }

    /** Picks the loop with the fewest connections (the lowest index on a tie). */
    static LoadBalancer leastConnections() {
        return (loops, remote) -> {
            int best = 0;
            for (int i = 1; i < loops.size(); i++) {
                if (loops.connectionCount(i) < loops.connectionCount(best)) {
                    best = i;
                }
            }
            return best;
        };
    }

    /** Keeps every connection from one IP address on the same loop (the port is ignored). */
    static LoadBalancer sourceAddressHash() {
        return (loops, remote) -> {
            Object key = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress() : remote;
            int h = key.hashCode();
            return Math.floorMod(h ^ (h >>> 16), loops.size());
        };
    }
}
