package io.gev;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's event loops, and the view of them that a {@link LoadBalancer} chooses from. Thread safe. */
final class EventLoopGroup implements LoadBalancer.Loops {

    private static final Logger log = LoggerFactory.getLogger(EventLoopGroup.class);

    private final List<EventLoop> loops;
    private final AtomicInteger nextTimerLoop = new AtomicInteger();

    /** Loops for {@code config}; their threads are named {@code threadPrefix} and their index. */
    EventLoopGroup(ServerConfig config, HandlerInvoker invoker, ConnectionLimits limits, String threadPrefix) {
        List<EventLoop> created = new ArrayList<>(config.loops());
        for (int i = 0; i < config.loops(); i++) {
            created.add(new EventLoop(i, config, invoker, limits, threadPrefix + i));
        }
        this.loops = List.copyOf(created);
    }

    void start() {
        loops.forEach(EventLoop::start);
    }

    List<EventLoop> loops() {
        return loops;
    }

    List<LoopCounters> counters() {
        return loops.stream().map(EventLoop::counters).toList();
    }

    @Override
    public int size() {
        return loops.size();
    }

    @Override
    public int connectionCount(int index) {
        return loops.get(index).connectionCount();
    }

    /** Whether {@code thread} is one of the loops. */
    boolean isLoopThread(Thread thread) {
        for (EventLoop loop : loops) {
            if (loop.thread() == thread) {
                return true;
            }
        }
        return false;
    }

    /** Connections of all loops. */
    int connectionCount() {
        int total = 0;
        for (EventLoop loop : loops) {
            total += loop.connectionCount();
        }
        return total;
    }

    /** The loop {@code balancer} picks for a connection from {@code remote}. */
    EventLoop select(LoadBalancer balancer, SocketAddress remote) {
        return loops.get(Math.floorMod(balancer.select(this, remote), loops.size()));
    }

    /** The next loop in turn: for server-level timers and refused connections. */
    EventLoop next() {
        return loops.get(Math.floorMod(nextTimerLoop.getAndIncrement(), loops.size()));
    }

    /**
     * Closes every connection gracefully and waits, at most {@code drain}, for the loops to end; then cuts what is
     * left (logged) and waits a little more. Interrupted, it cuts everything at once and keeps the interrupt.
     */
    void stop(Duration drain) {
        try {
            loops.forEach(EventLoop::shutdownGracefully);
            if (!awaitTermination(drain.toNanos())) {
                log.warn("gev: {} connection(s) still open after {}; closing them now", connectionCount(), drain);
                loops.forEach(EventLoop::shutdownNow);
                awaitTermination(TimeUnit.SECONDS.toNanos(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.forEach(EventLoop::shutdownNow);
        }
    }

    /** Waits until every loop has ended or {@code nanos} have passed; returns whether all ended. */
    private boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (EventLoop loop : loops) {
            if (!loop.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
