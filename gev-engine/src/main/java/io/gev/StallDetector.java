package io.gev;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the event loops for a pass that runs too long: a handler that blocks, a runaway decode. Each loop publishes
 * when its current pass began ({@link EventLoop#busySinceNanos()}); a loop busy for longer than the threshold is
 * reported once per pass, with the stack its thread is running, and counted in {@link ServerStats#loopStalls()}. It
 * runs on its own daemon thread ({@code gev-stall-detector}, or {@code gev-<name>-stall-detector}), checking four
 * times per threshold, and costs the loops nothing but two field writes per pass.
 */
final class StallDetector {

    private static final Logger log = LoggerFactory.getLogger(StallDetector.class);

    private final List<EventLoop> loops;
    private final long thresholdNanos;
    private final LongAdder stalls;
    private final Thread thread;

    StallDetector(List<EventLoop> loops, Duration threshold, LongAdder stalls, String threadName) {
        this.loops = loops;
        this.thresholdNanos = threshold.toNanos();
        this.stalls = stalls;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts watching. Not thread safe: called once, by the server's start. */
    void start() {
        thread.start();
    }

    /**
     * Stops watching and waits (a second at most) for the thread to end, so that a terminated server leaves no thread
     * behind. Thread safe; not on the detector's own thread.
     */
    void stop() {
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long[] reported = new long[loops.size()];
        long period = Math.max(1_000_000L, thresholdNanos / 4);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period / 1_000_000L, (int) (period % 1_000_000L));
                for (int i = 0; i < loops.size(); i++) {
                    EventLoop loop = loops.get(i);
                    long since = loop.busySinceNanos();
                    long busy = System.nanoTime() - since;
                    if (since != 0 && since != reported[i] && busy > thresholdNanos) {
                        reported[i] = since;
                        stalls.increment();
                        report(loop, busy);
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private static void report(EventLoop loop, long busyNanos) {
        Thread stuck = loop.thread();
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : stuck.getStackTrace()) {
            stack.append("\n\tat ").append(frame);
        }
        log.warn("{} has been busy for {} ms in one pass: a callback is blocking the loop and every connection on it."
                + " It is running:{}", stuck.getName(), busyNanos / 1_000_000L, stack);
    }
}
