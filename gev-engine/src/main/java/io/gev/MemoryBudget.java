package io.gev;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's budget for the bytes its connections buffer: the arrays that hold their input not decoded yet and their
 * output not written yet (and TLS records waiting for the socket). Each loop keeps the sum of its own connections,
 * written with opaque stores by that loop only and read by anyone: no lock and no shared counter on the byte path,
 * and a connection reports only when its buffers grow or shrink (an array made, grown or given back), not per
 * message.
 *
 * <p>When the sum passes the budget, the server stops reading every connection that holds buffered bytes (its peer is
 * behind, or it sent half a frame), on every loop, until the sum is back under half the budget; a connection that
 * comes to hold bytes meanwhile is stopped too. Connections holding nothing are still read, so a well-behaved client
 * is served throughout: no loop can choose which of its ready connections the selector reports first, and stopping
 * them all would let a crowd of slow ones starve it. Stopping is not enough when the sum still grows past the budget
 * (the connection that made it grow has then closed its loop's largest holders, the most queued output first, until
 * the sum is under the budget again), or when {@link #GRACE} after stopping it is still over half (then each loop
 * closes its largest holders until its share is under half its part of the budget, looking again every
 * {@link #GRACE}). Stops and closes are counted ({@link ServerStats#memoryOverruns()}) and logged.
 *
 * <p>Thread safe; {@link #add} is in loop (the connection's).
 */
final class MemoryBudget {

    private static final Logger log = LoggerFactory.getLogger(MemoryBudget.class);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /** How long the holders stay stopped before the largest are closed to bring the sum down to half. */
    static final Duration GRACE = Duration.ofMillis(10);

    private final long max;
    private final long resumeAt;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final LongAdder pauses = new LongAdder();
    private long[] perLoop = new long[0];
    private EventLoopGroup loops;
    private Function<EventLoop, List<TcpConnection>> connections;

    /** A budget of {@code maxBytes} (positive). */
    MemoryBudget(long maxBytes) {
        this.max = maxBytes;
        this.resumeAt = maxBytes / 2;
    }

    /**
     * Watches the connections {@code connectionsOn} lists on each of {@code group}'s loops (a list the caller may close
     * connections of while it goes through it). Before the loops start.
     */
    void attach(EventLoopGroup group, Function<EventLoop, List<TcpConnection>> connectionsOn) {
        this.perLoop = new long[group.size()];
        this.loops = group;
        this.connections = connectionsOn;
    }

    /** Bytes buffered now, over every loop (a moment old). Thread safe. */
    long buffered() {
        long total = 0;
        for (int i = 0; i < perLoop.length; i++) {
            total += (long) SLOT.getOpaque(perLoop, i);
        }
        return total;
    }

    /** Times the holders were stopped. Thread safe. */
    long pauses() {
        return pauses.sum();
    }

    /** Whether the holders are stopped now. Thread safe. */
    boolean isPaused() {
        return paused.get();
    }

    /** {@code connection}'s buffers hold {@code delta} bytes more (or fewer, when negative). In loop. */
    void add(TcpConnection connection, long delta) {
        int i = connection.loop().index();
        SLOT.setOpaque(perLoop, i, (long) SLOT.getOpaque(perLoop, i) + delta);
        if (delta > 0) {
            if (paused.get()) {
                connection.inbound().holdOff(ReadGate.MEMORY);
                if (buffered() > max) {
                    shed(connection.loop(), max, "the sum still grew past it with the holders stopped");
                }
            } else if (buffered() > max && paused.compareAndSet(false, true)) {
                pause();
            }
        } else if (paused.get() && buffered() < resumeAt && paused.compareAndSet(true, false)) {
            resume();
        }
    }

    /** Stops the holders everywhere: at once on the caller's loop, through the task queues on the others. */
    private void pause() {
        pauses.increment();
        log.warn("gev: connections buffer {} bytes, over the memory budget of {}: those holding bytes are not read"
                + " until they hold {}", buffered(), max, resumeAt);
        for (EventLoop loop : loops.loops()) {
            loop.runInLoop(() -> {
                for (TcpConnection c : connections.apply(loop)) {
                    if (holding(c) > 0) {
                        c.inbound().holdOff(ReadGate.MEMORY);
                    }
                }
                loop.timers().scheduleInLoop(GRACE.toNanos(), () -> afterGrace(loop));
            });
        }
    }

    private void resume() {
        log.info("gev: connections buffer {} bytes, under {}: every connection is read again", buffered(), resumeAt);
        for (EventLoop loop : loops.loops()) {
            loop.execute(() -> {
                // every gate first, then what waited: decoding it may pass the budget again
                List<TcpConnection> all = connections.apply(loop);
                all.forEach(c -> c.inbound().release(ReadGate.MEMORY));
                all.forEach(c -> c.inbound().resumeDecoding());
            });
        }
    }

    /** The holders stayed stopped {@link #GRACE}: bring this loop's share down to half its part, and look again. */
    private void afterGrace(EventLoop loop) {
        if (!paused.get()) {
            return;
        }
        long share = resumeAt / perLoop.length;
        if ((long) SLOT.getOpaque(perLoop, loop.index()) > share && buffered() >= resumeAt) {
            shed(loop, resumeAt - 1, "it stayed over half the budget for " + GRACE + " with the holders stopped");
        }
        if (paused.get()) {
            loop.timers().scheduleInLoop(GRACE.toNanos(), () -> afterGrace(loop));
        }
    }

    /** Closes {@code loop}'s largest holders until the sum is at most {@code target} or it holds nothing. In loop. */
    private void shed(EventLoop loop, long target, String why) {
        int closed = 0;
        long freed = 0;
        while (buffered() > target) {
            TcpConnection largest = largestHolder(connections.apply(loop));
            if (largest == null) {
                break;
            }
            loop.counters().increment(LoopCounters.MEMORY_CLOSES);
            closed++;
            freed += largest.outbound().footprint() + largest.inbound().footprint();
            largest.closeNow();
        }
        if (closed > 0) {
            log.warn("gev: {} connection(s) closed on {}, the largest holders of buffered bytes ({} in all), to keep"
                    + " under the memory budget of {}: {}", closed, loop.thread().getName(), freed, max, why);
        }
    }

    /** The connection holding the most: queued output first, else input kept for a frame; null when none holds any. */
    private static TcpConnection largestHolder(List<TcpConnection> candidates) {
        TcpConnection largest = null;
        for (TcpConnection c : candidates) {
            if (largest == null || holding(c) > holding(largest)) {
                largest = c;
            }
        }
        return largest == null || holding(largest) == 0 ? null : largest;
    }

    /** What {@code c} holds, output weighing more than any input (a connection's input is at most 2 GiB). */
    private static long holding(TcpConnection c) {
        return ((long) c.outbound().footprint() << 31) + c.inbound().footprint();
    }
}
