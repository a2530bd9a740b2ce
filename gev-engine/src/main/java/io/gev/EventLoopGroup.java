package io.gev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops of a server, or of a client that has its own: their start, their stop, and the next in turn.
 * Thread safe.
 */
final class EventLoopGroup {

    private static final Logger log = LoggerFactory.getLogger(EventLoopGroup.class);

    private final String threadPrefix;
    private final List<EventLoop> loops;
    private final AtomicInteger nextTimerLoop = new AtomicInteger();

    /**
     * Loops for {@code config}, not started; their threads are named {@code threadPrefix}, {@code loop-} and their
     * index ({@code gev-admin-loop-0}).
     */
    EventLoopGroup(LoopConfig config, String threadPrefix) {
        this.threadPrefix = threadPrefix;
        List<EventLoop> created = new ArrayList<>(config.count());
        for (int i = 0; i < config.count(); i++) {
            created.add(new EventLoop(i, threadName("loop-" + i), config.timerTick(), config.timerWheelSize()));
        }
        this.loops = List.copyOf(created);
    }

    /** The name of this group's thread for {@code role} ({@code gev-admin-acceptor}). Thread safe. */
    String threadName(String role) {
        return threadPrefix + role;
    }

    /** Starts every loop. Not thread safe: called once. */
    void start() {
        loops.forEach(EventLoop::start);
    }

    /** The loops, by index. Thread safe. */
    List<EventLoop> loops() {
        return loops;
    }

    /** Each loop's counters, by index. Thread safe. */
    List<LoopCounters> counters() {
        return loops.stream().map(EventLoop::counters).toList();
    }

    /** How many loops. Thread safe. */
    int size() {
        return loops.size();
    }

    /** Whether {@code thread} is one of the loops. Thread safe. */
    boolean isLoopThread(Thread thread) {
        for (EventLoop loop : loops) {
            if (loop.thread() == thread) {
                return true;
            }
        }
        return false;
    }

    /** The next loop in turn: for server-level timers and refused connections. Thread safe. */
    EventLoop next() {
        return loops.get(Math.floorMod(nextTimerLoop.getAndIncrement(), loops.size()));
    }

    /**
     * Asks every loop for a list ({@code onEachLoop} runs on the loop) and returns their items, at most {@code limit}
     * of them; a loop that does not answer within {@code wait} (all told) is left out. Not to be called on a loop.
     * Thread safe.
     */
    <T> List<T> gather(Function<EventLoop, List<T>> onEachLoop, int limit, Duration wait) {
        List<CompletableFuture<List<T>>> perLoop = new ArrayList<>(loops.size());
        for (EventLoop loop : loops) {
            CompletableFuture<List<T>> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(onEachLoop.apply(loop)));
            perLoop.add(f);
        }
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        for (CompletableFuture<List<T>> f : perLoop) {
            try {
                List<T> some = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.addAll(some.subList(0, Math.min(some.size(), limit - out.size())));
            } catch (TimeoutException | ExecutionException e) {
                log.debug("gev: a loop did not answer in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /**
     * Closes every connection gracefully and waits, at most {@code drain}, for the loops to end; then cuts what is
     * left (logged) and waits a little more. Interrupted, it cuts everything at once and keeps the interrupt. Not to be
     * called on one of the loops. Thread safe.
     */
    void stop(Duration drain) {
        try {
            loops.forEach(EventLoop::shutdownGracefully);
            if (!awaitTermination(drain.toNanos())) {
                log.warn("gev: connections still open after {}; closing them now", drain);
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
