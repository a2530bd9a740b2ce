package io.gev.samples.proxy;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream of the proxy: its address, whether it is up, the clients it relays now and its failure counts. Up
 * at start; taken out after {@code fall} failures in a row (health checks and clients' connects), back in after
 * {@code rise} successful checks in a row. Thread safe: the loops' connects and checks report here.
 */
final class Upstream {

    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    private final int index;
    private final InetSocketAddress address;
    private final String name;
    private final int fall;
    private final int rise;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder checkFailures = new LongAdder();
    private volatile boolean up = true;
    /** Failures in a row while up, successful checks in a row while down; guarded by this. */
    private int streak;

    Upstream(int index, InetSocketAddress address, int fall, int rise) {
        this.index = index;
        this.address = address;
        this.name = address.getHostString() + ":" + address.getPort();
        this.fall = fall;
        this.rise = rise;
    }

    /** Its place in {@code proxy.upstreams}, from 0. Thread safe. */
    int index() {
        return index;
    }

    /** Thread safe. */
    InetSocketAddress address() {
        return address;
    }

    /** {@code host:port}, as configured. Thread safe. */
    String name() {
        return name;
    }

    /** Whether clients are sent to it. Thread safe. */
    boolean isUp() {
        return up;
    }

    /** Clients it relays now, connects in progress included. Thread safe. */
    int activeConnections() {
        return active.get();
    }

    /** Clients' connects to it that failed, ever. Thread safe. */
    long connectFailures() {
        return connectFailures.sum();
    }

    /** Health checks of it that failed, ever. Thread safe. */
    long checkFailures() {
        return checkFailures.sum();
    }

    /** A client is being connected to it. Thread safe. */
    void acquire() {
        active.incrementAndGet();
    }

    /** A client's connect failed, or its relayed pair closed. Thread safe. */
    void release() {
        active.decrementAndGet();
    }

    /** A client's connect failed (passive check). Thread safe. */
    void connectFailed() {
        connectFailures.increment();
        failed();
    }

    /** A client's connect succeeded: failures are no longer in a row. Thread safe. */
    synchronized void connected() {
        if (up) {
            streak = 0;
        }
    }

    /** A health check failed. Thread safe. */
    void checkFailed() {
        checkFailures.increment();
        failed();
    }

    /** A health check succeeded. Thread safe. */
    synchronized void checkPassed() {
        if (up) {
            streak = 0;
        } else if (++streak >= rise) {
            up = true;
            streak = 0;
            log.info("upstream {} is up: {} checks passed in a row", name, rise);
        }
    }

    private synchronized void failed() {
        if (!up) {
            streak = 0;
        } else if (++streak >= fall) {
            up = false;
            streak = 0;
            log.warn("upstream {} is down: {} failures in a row", name, fall);
        }
    }

    @Override
    public String toString() {
        return "upstream " + name + (up ? " (up)" : " (down)");
    }
}
