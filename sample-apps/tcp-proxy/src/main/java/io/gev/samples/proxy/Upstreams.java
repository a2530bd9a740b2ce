package io.gev.samples.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's upstreams and how one is chosen for a new client ({@code proxy.balance}), among those up and not yet
 * tried for it; plus the counts of the proxy as a whole: retries, clients with no upstream, connects that failed on
 * the proxy's own side, and the clients served now, which a drain waits for. Thread safe.
 */
final class Upstreams {

    /** The least time between two log lines of clients closed with no upstream. */
    static final Duration UNSERVED_LOG_INTERVAL = Duration.ofSeconds(10);

    private final List<Upstream> all;
    private final ProxyProperties.Balance balance;
    private final AtomicInteger cursor = new AtomicInteger();
    private final LongAdder retries = new LongAdder();
    private final LongAdder unserved = new LongAdder();
    private final LongAdder localFailures = new LongAdder();
    private final AtomicInteger clients = new AtomicInteger();
    /** Whether clients were closed with no upstream since the last one was served. */
    private final AtomicBoolean unservedRun = new AtomicBoolean();
    /** When a closed client was last logged ({@link System#nanoTime}); far enough back at first. */
    private final AtomicLong lastUnservedLog = new AtomicLong(System.nanoTime() - UNSERVED_LOG_INTERVAL.toNanos());
    private volatile boolean draining;

    Upstreams(ProxyProperties properties) {
        List<Upstream> list = new ArrayList<>();
        for (InetSocketAddress address : properties.upstreamAddresses()) {
            list.add(new Upstream(list.size(), address, properties.health().fall(), properties.health().rise()));
        }
        this.all = List.copyOf(list);
        this.balance = properties.balance();
    }

    /** How an upstream is chosen. Thread safe. */
    ProxyProperties.Balance balance() {
        return balance;
    }

    /** Every upstream, in the order configured. Thread safe. */
    List<Upstream> all() {
        return all;
    }

    /**
     * The upstream for a client's next connect, or null when none is up outside {@code tried} (a bit per upstream
     * index). Thread safe.
     */
    Upstream choose(long tried) {
        int n = all.size();
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        Upstream best = null;
        for (int i = 0; i < n; i++) {
            Upstream u = all.get((start + i) % n);
            if (!u.isUp() || (tried & bit(u)) != 0) {
                continue;
            }
            if (balance == ProxyProperties.Balance.ROUND_ROBIN) {
                return u;
            }
            if (best == null || u.activeConnections() < best.activeConnections()) {
                best = u;
            }
        }
        return best;
    }

    /** The bit of {@code upstream} in a set of tried ones. Thread safe. */
    static long bit(Upstream upstream) {
        return 1L << upstream.index();
    }

    /** Whether at least one upstream is up. Thread safe. */
    boolean anyUp() {
        return all.stream().anyMatch(Upstream::isUp);
    }

    /**
     * A connect (a client's or a health check's) failed on the proxy's side: out of file descriptors or local ports.
     * Thread safe.
     */
    void localFailure() {
        localFailures.increment();
    }

    /** Connects that failed on the proxy's side, ever. Thread safe. */
    long localFailures() {
        return localFailures.sum();
    }

    /** A connect is tried again, on another upstream. Thread safe. */
    void retried() {
        retries.increment();
    }

    /** Connects tried again on another upstream, ever. Thread safe. */
    long retries() {
        return retries.sum();
    }

    /**
     * A client was closed with no upstream: none up, every attempt failed, or the proxy could not open a connection.
     * Returns whether to log it: the first since a client was {@link #served}, unless one was logged in the last
     * {@link #UNSERVED_LOG_INTERVAL} (where clients are served and refused by turns, as while the proxy is short of
     * file descriptors, every refused one is the first of its run). Thread safe.
     */
    boolean unserved() {
        unserved.increment();
        if (unservedRun.getAndSet(true)) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastUnservedLog.get();
        return now - last >= UNSERVED_LOG_INTERVAL.toNanos() && lastUnservedLog.compareAndSet(last, now);
    }

    /** A client got an upstream. Thread safe. */
    void served() {
        if (unservedRun.get()) {
            unservedRun.set(false);
        }
    }

    /** Clients closed with no upstream, ever. Thread safe. */
    long unservedClients() {
        return unserved.sum();
    }

    /** A client connected to the proxy. Thread safe. */
    void clientOpened() {
        clients.incrementAndGet();
    }

    /** A client's connection closed; the last one wakes a drain. Thread safe. */
    void clientClosed() {
        if (clients.decrementAndGet() == 0 && draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Clients connected to the proxy now (being connected to an upstream, or relayed). Thread safe. */
    int clients() {
        return clients.get();
    }

    /** Whether new clients are refused: the proxy is shutting down. Thread safe. */
    boolean isDraining() {
        return draining;
    }

    /**
     * Refuses new clients from now on and waits until every client's connection closed, at most
     * {@code timeoutMillis}; returns whether they did. Blocks: not on a loop thread. Thread safe.
     */
    synchronized boolean drain(long timeoutMillis) throws InterruptedException {
        draining = true;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long left = timeoutMillis;
        while (clients.get() > 0 && left > 0) {
            wait(left);
            left = deadline - System.currentTimeMillis();
        }
        return clients.get() == 0;
    }
}
