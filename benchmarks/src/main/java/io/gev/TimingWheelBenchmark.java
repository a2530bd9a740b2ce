package io.gev;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An event loop's {@link TimingWheel} with the server defaults (1 ms tick, 1024 slots) holding {@code pending}
 * periodic timers of 30 s (idle timeouts, say) spread evenly over their period, driven by a fake clock the way
 * {@link TimerQueue} drives it: a timer scheduled and cancelled, and one idle loop iteration. Lives in {@code io.gev}
 * because the wheel and its timers are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimingWheelBenchmark {

    private static final long TICK_NANOS = Duration.ofMillis(1).toNanos();
    private static final int SLOTS = 1024;
    private static final long PERIOD_NANOS = Duration.ofSeconds(30).toNanos();
    private static final Runnable NOTHING = () -> { };

    @Param({"1000", "100000"})
    public int pending;

    private final Consumer<WheelTimer> fire = this::rearm;
    private TimingWheel wheel;
    private long now;

    @Setup
    public void setUp() {
        wheel = new TimingWheel(Duration.ofNanos(TICK_NANOS), SLOTS, now);
        for (int i = 0; i < pending; i++) {
            long deadline = now + 1 + i * PERIOD_NANOS / pending;
            wheel.add(new WheelTimer(null, NOTHING, deadline, PERIOD_NANOS, null));
        }
    }

    /**
     * A one-shot timer added and cancelled on the loop thread before it is due (a request answered before its
     * deadline): what {@code TimerQueue.scheduleInLoop} and {@code cancelInLoop} do to the wheel, the timer object included.
     */
    @Benchmark
    public WheelTimer scheduleAndCancel() {
        WheelTimer timer = new WheelTimer(null, NOTHING, now + PERIOD_NANOS, 0, null);
        wheel.add(timer);
        timer.markCancelled();
        wheel.remove(timer);
        return timer;
    }

    /**
     * One tick of an idle loop: how long it may sleep, then the wheel moved on a tick, walking that tick's slot and
     * re-arming the timers that are due (about {@code pending / 30000} of them).
     */
    @Benchmark
    public long tick() {
        now += TICK_NANOS;
        long sleep = wheel.timeoutMillis(now);
        wheel.advance(now, fire);
        return sleep;
    }

    /** What {@code TimerQueue.fire} does to the wheel for a periodic timer: the next deadline, one period on. */
    private void rearm(WheelTimer timer) {
        timer.deadlineNanos += timer.periodNanos;
        wheel.add(timer);
    }
}
