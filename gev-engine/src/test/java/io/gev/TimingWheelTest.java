package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives {@link TimingWheel} with a fake clock (explicit nanoTime values): deterministic, no sleeping.
 *
 * <p>Semantics pinned here: the wheel has tick resolution. A timer's deadline is rounded <em>up</em> to a tick boundary
 * ({@code origin + k * tick}); it fires at the first {@code advance(now)} with {@code now} at or after that boundary, so
 * it never fires before its deadline and at most one tick after it. A tick-aligned deadline therefore fires at exactly the
 * first advance at or after the deadline. A timer added for a tick the wheel has already processed (deadline now or in
 * the past) is due at the next unprocessed tick.
 */
class TimingWheelTest {

    private static final long MS = 1_000_000L;
    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final Runnable NOOP = () -> { };

    static WheelTimer timer(long deadlineNanos) {
        return new WheelTimer(null, NOOP, deadlineNanos, 0, null);
    }

    static List<WheelTimer> advance(TimingWheel wheel, long now) {
        List<WheelTimer> fired = new ArrayList<>();
        wheel.advance(now, fired::add);
        return fired;
    }

    /** ceil(a / b) for b > 0. */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    // =============================================================================================== a checked fake-clock wheel

    /** A wheel plus an independent model of which timer must fire when. All time arithmetic is overflow-safe. */
    static final class Sim {
        final TimingWheel wheel;
        final long origin;
        final long tickNanos;
        final int size;
        long now;
        /** First tick (counted from origin) the wheel has not processed yet. */
        long nextTick;
        final Map<WheelTimer, Entry> entries = new IdentityHashMap<>();
        final List<Entry> live = new ArrayList<>();
        final List<Entry> cancelled = new ArrayList<>();
        final List<WheelTimer> done = new ArrayList<>();
        int fired;
        int advances;

        static final class Entry {
            WheelTimer timer;
            long deadline;
            /** The tick at which the timer is due: its deadline rounded up, but not before the next unprocessed tick. */
            long dueTick;
            boolean aligned;
            boolean addedBeforeDeadline;
            long firedAt;
        }

        Sim(long tickNanos, int size, long origin) {
            this.wheel = new TimingWheel(Duration.ofNanos(tickNanos), size, origin);
            this.origin = origin;
            this.tickNanos = tickNanos;
            this.size = size;
            this.now = origin;
        }

        long boundary(long tick) {
            return origin + tick * tickNanos;
        }

        long tickOf(long time) {
            return Math.floorDiv(time - origin, tickNanos);
        }

        Entry add(long deadline) {
            WheelTimer t = timer(deadline);
            wheel.add(t);
            Entry e = new Entry();
            e.timer = t;
            e.deadline = deadline;
            e.dueTick = Math.max(ceilDiv(deadline - origin, tickNanos), nextTick);
            e.aligned = Math.floorMod(deadline - origin, tickNanos) == 0;
            e.addedBeforeDeadline = deadline - now > 0;
            entries.put(t, e);
            live.add(e);
            checkSize();
            return e;
        }

        void remove(Entry e) {
            wheel.remove(e.timer);
            live.remove(e);
            cancelled.remove(e);
            done.add(e.timer);
            checkSize();
        }

        void markCancelled(Entry e) {
            e.timer.markCancelled();
            live.remove(e);
            cancelled.add(e);
            checkSize();
        }

        List<WheelTimer> advanceTo(long to) {
            advances++;
            List<WheelTimer> got = advance(wheel, to);
            long current = tickOf(to);
            List<Entry> expected = new ArrayList<>();
            if (current >= nextTick) {
                for (Entry e : live) {
                    if (e.dueTick <= current) {
                        expected.add(e);
                    }
                }
                nextTick = current + 1;
            }
            if (to - now > 0) {
                now = to;
            }
            // exactly the due timers fire ...
            Set<WheelTimer> gotSet = Collections.newSetFromMap(new IdentityHashMap<>());
            gotSet.addAll(got);
            if (gotSet.size() != got.size()) {
                fail("a timer fired twice in one advance to " + (to - origin));
            }
            Set<WheelTimer> expectedSet = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Entry e : expected) {
                expectedSet.add(e.timer);
            }
            if (!gotSet.equals(expectedSet)) {
                StringBuilder sb = new StringBuilder("advance to +" + (to - origin) + "ns (tick " + current + "): ");
                for (Entry e : expected) {
                    if (!gotSet.contains(e.timer)) {
                        sb.append("missing deadline +").append(e.deadline - origin).append(" dueTick ")
                                .append(e.dueTick).append("; ");
                    }
                }
                for (WheelTimer t : got) {
                    if (!expectedSet.contains(t)) {
                        Entry e = entries.get(t);
                        sb.append("unexpected ").append(e == null ? t : "deadline +" + (e.deadline - origin)
                                + " dueTick " + e.dueTick + (cancelled.contains(e) ? " (cancelled)" : "")
                                + (done.contains(t) ? " (removed/fired)" : "")).append("; ");
                    }
                }
                fail(sb.toString());
            }
            // ... in deadline-tick order, and never before their deadline
            long lastTick = Long.MIN_VALUE;
            for (WheelTimer t : got) {
                Entry e = entries.get(t);
                if (e.dueTick < lastTick) {
                    fail("out of order: dueTick " + e.dueTick + " after " + lastTick);
                }
                lastTick = e.dueTick;
                if (to - e.deadline < 0) {
                    fail("fired early: deadline +" + (e.deadline - origin) + " at +" + (to - origin));
                }
                assertThat(t.slot).as("a fired timer is unlinked").isEqualTo(-1);
                e.firedAt = to;
                live.remove(e);
                done.add(t);
                fired++;
            }
            // a timer still waiting is not late: a tick-aligned deadline (set in advance) is still in the future,
            // any deadline is less than one tick away
            for (Entry e : live) {
                if (e.addedBeforeDeadline && e.aligned && to - e.deadline >= 0) {
                    fail("tick-aligned deadline +" + (e.deadline - origin) + " passed at +" + (to - origin)
                            + " but the timer did not fire");
                }
                if (e.addedBeforeDeadline && to - e.deadline >= tickNanos) {
                    fail("deadline +" + (e.deadline - origin) + " more than a tick late at +" + (to - origin));
                }
            }
            // a cancelled timer leaves the wheel at the latest when the wheel passes its tick
            for (Entry e : cancelled) {
                if (e.dueTick < nextTick) {
                    assertThat(e.timer.slot).as("cancelled timer swept").isEqualTo(-1);
                }
            }
            checkSize();
            return got;
        }

        /** size() = live timers + cancelled timers still linked (markCancelled does not touch the wheel). */
        void checkSize() {
            int linkedCancelled = 0;
            for (Entry e : cancelled) {
                if (e.timer.slot >= 0) {
                    linkedCancelled++;
                }
            }
            if (wheel.size() != live.size() + linkedCancelled) {
                fail("size() " + wheel.size() + " but " + live.size() + " live + " + linkedCancelled
                        + " cancelled still linked");
            }
        }

        Entry earliestLive() {
            Entry best = null;
            for (Entry e : live) {
                if (best == null || e.dueTick < best.dueTick) {
                    best = e;
                }
            }
            return best;
        }
    }

    // =============================================================================================== random deadlines

    @ParameterizedTest(name = "size {0}, origin {1}")
    @CsvSource({
        "8, 0",
        "8, -7000000123",
        "1024, 123456789",
        "1024, 9223372036000000000", // near Long.MAX_VALUE: nanoTime values overflow during the run
        "1, 5",
        "100, 0",
        "64, 31"
    })
    void randomDeadlinesFireOnTimeInOrderAndNeverEarly(int size, long origin) {
        Random rnd = new Random(size * 31L + origin);
        Sim sim = new Sim(MS, size, origin);
        long turn = size * MS;
        long horizon = Math.max(6 * turn, 200 * MS);
        // an initial batch: aligned and unaligned deadlines up to several turns away, a few in the past
        for (int i = 0; i < 400; i++) {
            sim.add(origin + randomOffset(rnd, horizon) - (i % 50 == 0 ? rnd.nextInt(5) * MS : 0));
        }
        int steps = 4000;
        for (int step = 0; step < steps; step++) {
            // more timers relative to the current time: at now, in the past, soon, turns away
            for (int k = rnd.nextInt(3); k > 0; k--) {
                int r = rnd.nextInt(20);
                long deadline;
                if (r == 0) {
                    deadline = sim.now;
                } else if (r == 1) {
                    deadline = sim.now - 1 - rnd.nextInt(3_000_000);
                } else if (r < 12) {
                    deadline = sim.now + randomOffset(rnd, 20 * MS);
                } else {
                    deadline = sim.now + randomOffset(rnd, 3 * turn + 5 * MS);
                }
                sim.add(deadline);
            }
            // random cancels / removals, as TimerQueue does them (remove, markCancelled, or both)
            if (!sim.live.isEmpty() && rnd.nextInt(10) == 0) {
                Sim.Entry victim = sim.live.get(rnd.nextInt(sim.live.size()));
                switch (rnd.nextInt(3)) {
                    case 0 -> sim.remove(victim);
                    case 1 -> sim.markCancelled(victim);
                    default -> {
                        sim.markCancelled(victim);
                        sim.remove(victim);
                    }
                }
            }
            if (!sim.done.isEmpty() && rnd.nextInt(20) == 0) {
                // removing a timer that already fired or was removed is a no-op
                WheelTimer gone = sim.done.get(rnd.nextInt(sim.done.size()));
                int before = sim.wheel.size();
                sim.wheel.remove(gone);
                assertThat(sim.wheel.size()).isEqualTo(before);
            }
            long to = sim.now + randomStep(rnd, size);
            if (rnd.nextInt(50) == 0) {
                // the clock never runs backwards in the loop, but advance must tolerate it
                assertThat(sim.advanceTo(sim.now - rnd.nextInt(5_000_000))).isEmpty();
            }
            sim.advanceTo(to);
            if (rnd.nextInt(10) == 0) {
                // a second advance at the same instant fires nothing new
                assertThat(sim.advanceTo(to)).isEmpty();
            }
        }
        // one long jump past everything
        sim.advanceTo(sim.now + 4 * turn + 10 * MS);
        assertThat(sim.live).isEmpty();
        assertThat(sim.wheel.size()).isZero();
        assertThat(sim.wheel.timeoutMillis(sim.now)).isEqualTo(-1);
        assertThat(sim.fired).isGreaterThan(2000);
    }

    /** 0..max nanoseconds; a third of them tick-aligned. */
    static long randomOffset(Random rnd, long max) {
        long v = (long) (rnd.nextDouble() * max);
        return rnd.nextInt(3) == 0 ? v / MS * MS : v;
    }

    static long randomStep(Random rnd, int size) {
        int r = rnd.nextInt(100);
        if (r < 40) {
            return rnd.nextInt((int) MS); // within a tick
        } else if (r < 70) {
            return rnd.nextInt(5) * MS + (rnd.nextBoolean() ? 0 : rnd.nextInt((int) MS));
        } else if (r < 90) {
            return (long) (rnd.nextDouble() * Math.max(1, size / 4) * MS);
        } else if (r < 97) {
            return (long) (rnd.nextDouble() * size * MS);
        }
        return (long) ((1 + rnd.nextDouble() * 2) * size * MS); // more than a whole turn
    }

    // =============================================================================================== focused: firing

    @Test
    void constructorRejectsBadArguments() {
        assertThatThrownBy(() -> new TimingWheel(Duration.ZERO, 8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimingWheel(Duration.ofMillis(-1), 8, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimingWheel(ONE_MS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        TimingWheel w = new TimingWheel(ONE_MS, 1, 0);
        assertThat(w.size()).isZero();
        assertThat(w.timeoutMillis(0)).isEqualTo(-1);
    }

    @Test
    void tickAlignedDeadlineFiresAtTheFirstAdvanceAtOrAfterIt() {
        long origin = 1_000_000_000_000L;
        TimingWheel w = new TimingWheel(ONE_MS, 8, origin);
        WheelTimer t = timer(origin + 5 * MS);
        w.add(t);
        assertThat(w.size()).isEqualTo(1);
        assertThat(advance(w, origin + 5 * MS - 1)).isEmpty();
        assertThat(w.size()).isEqualTo(1);
        assertThat(advance(w, origin + 5 * MS)).containsExactly(t);
        assertThat(w.size()).isZero();
        assertThat(advance(w, origin + 100 * MS)).isEmpty();
    }

    @Test
    void deadlineBetweenTicksFiresAtTheNextTickBoundary() {
        // tick resolution: 5.3 ms is rounded up to the 6 ms boundary, never down (which would fire early)
        long origin = 77;
        TimingWheel w = new TimingWheel(ONE_MS, 8, origin);
        WheelTimer t = timer(origin + 5 * MS + 300_000);
        w.add(t);
        assertThat(advance(w, origin + 5 * MS)).isEmpty();
        assertThat(advance(w, origin + 5 * MS + 299_999)).isEmpty();
        assertThat(advance(w, origin + 5 * MS + 300_000)).as("deadline reached, 6 ms boundary not yet").isEmpty();
        assertThat(advance(w, origin + 6 * MS - 1)).isEmpty();
        assertThat(advance(w, origin + 6 * MS)).containsExactly(t);

        // a coarser tick: 10 ms, deadline 1 ns after a boundary waits for the next one
        TimingWheel coarse = new TimingWheel(Duration.ofMillis(10), 16, origin);
        WheelTimer c = timer(origin + 20 * MS + 1);
        coarse.add(c);
        assertThat(advance(coarse, origin + 29 * MS)).isEmpty();
        assertThat(advance(coarse, origin + 30 * MS)).containsExactly(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 1024})
    void timerSeveralTurnsAwayIgnoresItsSlotInEarlierTurns(int size) {
        TimingWheel w = new TimingWheel(ONE_MS, size, 0);
        long dueTick = 5L * size + 3;
        WheelTimer t = timer(dueTick * MS);
        w.add(t);
        // tick by tick: passing slot 3 in turns 0..4 fires nothing
        for (long tick = 0; tick < dueTick; tick++) {
            assertThat(advance(w, tick * MS + (tick % 3) * 1000)).as("tick %d", tick).isEmpty();
        }
        assertThat(w.size()).isEqualTo(1);
        assertThat(advance(w, dueTick * MS)).containsExactly(t);

        // jumping: a jump that passes the slot but not the deadline fires nothing
        TimingWheel j = new TimingWheel(ONE_MS, size, 0);
        WheelTimer u = timer(dueTick * MS);
        j.add(u);
        assertThat(advance(j, 4 * MS)).isEmpty(); // passes slot 3 of turn 0
        assertThat(advance(j, (2L * size + 10) * MS)).isEmpty(); // more than a turn: full scan
        assertThat(advance(j, dueTick * MS - 1)).isEmpty();
        assertThat(advance(j, dueTick * MS)).containsExactly(u);
    }

    @Test
    void timersInTheSameSlotFromDifferentTurns() {
        TimingWheel w = new TimingWheel(ONE_MS, 8, 0);
        WheelTimer a = timer(3 * MS);
        WheelTimer b = timer(11 * MS);
        WheelTimer c = timer(19 * MS);
        w.add(c);
        w.add(a);
        w.add(b);
        assertThat(advance(w, 12 * MS)).as("span > a turn").containsExactly(a, b);
        assertThat(w.size()).isEqualTo(1);
        assertThat(advance(w, 18 * MS)).isEmpty();
        assertThat(advance(w, 19 * MS)).containsExactly(c);

        TimingWheel v = new TimingWheel(ONE_MS, 8, 0);
        a = timer(3 * MS);
        b = timer(11 * MS);
        c = timer(19 * MS);
        v.add(b);
        v.add(c);
        v.add(a);
        assertThat(advance(v, 4 * MS)).containsExactly(a);
        assertThat(advance(v, 11 * MS)).as("span < a turn").containsExactly(b);
        assertThat(advance(v, 19 * MS)).containsExactly(c);
    }

    @ParameterizedTest(name = "size {0}, jump to tick {1}")
    @CsvSource({"8, 200", "16, 40", "1024, 900", "1024, 5000", "100, 250", "1, 60"})
    void timersDueInOneAdvanceComeOutInDeadlineTickOrder(int size, int jumpTick) {
        Random rnd = new Random(size + jumpTick);
        long origin = -123_456_789L;
        TimingWheel w = new TimingWheel(ONE_MS, size, origin);
        List<WheelTimer> added = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long offset = (long) (rnd.nextDouble() * (jumpTick + 50) * MS);
            WheelTimer t = timer(origin + offset);
            added.add(t);
            w.add(t);
        }
        List<WheelTimer> got = advance(w, origin + jumpTick * MS + 999_999);
        long lastTick = Long.MIN_VALUE;
        int expectedCount = 0;
        for (WheelTimer t : added) {
            if (ceilDiv(t.deadlineNanos - origin, MS) <= jumpTick) {
                expectedCount++;
            }
        }
        assertThat(got).hasSize(expectedCount);
        for (WheelTimer t : got) {
            long tick = ceilDiv(t.deadlineNanos - origin, MS);
            assertThat(tick).isGreaterThanOrEqualTo(lastTick).isLessThanOrEqualTo(jumpTick);
            lastTick = tick;
        }
        assertThat(w.size()).isEqualTo(300 - expectedCount);
        // the rest fire later, still in order
        List<WheelTimer> rest = advance(w, origin + (jumpTick + 60) * MS);
        assertThat(rest).hasSize(300 - expectedCount);
        lastTick = Long.MIN_VALUE;
        for (WheelTimer t : rest) {
            long tick = ceilDiv(t.deadlineNanos - origin, MS);
            assertThat(tick).isGreaterThan(jumpTick).isGreaterThanOrEqualTo(lastTick);
            lastTick = tick;
        }
    }

    // =============================================================================================== focused: cancel

    @Test
    void removeUnlinksHeadMiddleAndTailOfASlot() {
        // a one-slot wheel: every timer shares the same linked list
        TimingWheel w = new TimingWheel(ONE_MS, 1, 0);
        WheelTimer[] t = new WheelTimer[6];
        for (int i = 0; i < t.length; i++) {
            t[i] = timer((i + 1) * MS);
            w.add(t[i]);
        }
        assertThat(w.size()).isEqualTo(6);
        w.remove(t[5]); // list head (last added)
        w.remove(t[2]); // middle
        w.remove(t[0]); // tail
        assertThat(w.size()).isEqualTo(3);
        w.remove(t[2]); // twice: no-op
        assertThat(w.size()).isEqualTo(3);
        assertThat(t[2].slot).isEqualTo(-1);
        assertThat(advance(w, 10 * MS)).containsExactly(t[1], t[3], t[4]);
        assertThat(w.size()).isZero();
        w.remove(t[1]); // already fired: no-op
        assertThat(w.size()).isZero();
        assertThat(w.timeoutMillis(10 * MS)).isEqualTo(-1);
    }

    @Test
    void removingTheLastTimerOfASlotFreesTheSlotForTimeouts() {
        TimingWheel w = new TimingWheel(ONE_MS, 1024, 0);
        WheelTimer near1 = timer(10 * MS);
        WheelTimer near2 = timer(10 * MS);
        WheelTimer far = timer(500 * MS);
        w.add(near1);
        w.add(near2);
        w.add(far);
        assertThat(w.timeoutMillis(0)).isEqualTo(10);
        w.remove(near1);
        assertThat(w.timeoutMillis(0)).as("slot 10 still holds a timer").isEqualTo(10);
        w.remove(near2);
        assertThat(w.timeoutMillis(0)).as("slot 10 now empty").isEqualTo(500);
        w.add(near1);
        assertThat(w.timeoutMillis(0)).as("a removed timer can be added again").isEqualTo(10);
        assertThat(advance(w, 10 * MS)).containsExactly(near1);
        assertThat(advance(w, 500 * MS)).containsExactly(far);
    }

    @Test
    void markCancelledTimersNeverFireAndLeaveWhenTheWheelPassesThem() {
        TimingWheel w = new TimingWheel(ONE_MS, 8, 0);
        WheelTimer keep = timer(3 * MS);
        WheelTimer gone = timer(3 * MS);
        WheelTimer later = timer(30 * MS); // slot 6, turn 3
        w.add(keep);
        w.add(gone);
        w.add(later);
        gone.markCancelled();
        later.markCancelled();
        assertThat(w.size()).as("markCancelled does not touch the wheel").isEqualTo(3);
        assertThat(advance(w, 3 * MS)).containsExactly(keep);
        assertThat(w.size()).as("the cancelled timer of slot 3 was swept").isEqualTo(1);
        assertThat(gone.slot).isEqualTo(-1);
        assertThat(advance(w, 29 * MS)).isEmpty();
        assertThat(advance(w, 40 * MS)).isEmpty();
        assertThat(w.size()).isZero();
        assertThat(w.timeoutMillis(40 * MS)).isEqualTo(-1);

        // cancelled and then removed, as TimerQueue.cancelInLoop does: counted out at once
        WheelTimer x = timer(50 * MS);
        w.add(x);
        x.markCancelled();
        w.remove(x);
        assertThat(w.size()).isZero();
        assertThat(advance(w, 100 * MS)).isEmpty();
    }

    // =============================================================================================== focused: timeoutMillis

    @Test
    void timeoutIsMinusOneWhenEmptyAndZeroWhenDue() {
        long origin = 42;
        TimingWheel w = new TimingWheel(ONE_MS, 1024, origin);
        assertThat(w.timeoutMillis(origin)).isEqualTo(-1);
        WheelTimer t = timer(origin);
        w.add(t);
        assertThat(w.timeoutMillis(origin)).isZero();
        assertThat(w.timeoutMillis(origin + 5 * MS)).isZero();
        assertThat(advance(w, origin)).containsExactly(t);
        assertThat(w.timeoutMillis(origin)).isEqualTo(-1);

        // a timer whose tick the clock has passed without an advance is due: 0
        WheelTimer u = timer(origin + 7 * MS);
        w.add(u);
        assertThat(w.timeoutMillis(origin + 6 * MS)).isEqualTo(1);
        assertThat(w.timeoutMillis(origin + 7 * MS)).isZero();
        assertThat(w.timeoutMillis(origin + 9 * MS)).isZero();
        assertThat(advance(w, origin + 9 * MS)).containsExactly(u);
        assertThat(w.timeoutMillis(origin + 9 * MS)).isEqualTo(-1);
    }

    @Test
    void timeoutRoundsUpToWholeMilliseconds() {
        TimingWheel w = new TimingWheel(Duration.ofNanos(250_000), 64, 0); // 0.25 ms ticks
        WheelTimer t = timer(2_600_000); // rounded up to tick 11 = 2.75 ms
        w.add(t);
        assertThat(w.timeoutMillis(0)).isEqualTo(3);
        assertThat(w.timeoutMillis(1_750_000)).isEqualTo(1);
        assertThat(w.timeoutMillis(1_749_999)).isEqualTo(2);
        assertThat(advance(w, 2_749_999)).isEmpty();
        assertThat(advance(w, 3 * MS)).containsExactly(t);
    }

    @Test
    void sparseWheelTimeoutPointsAtTheOnlyTimer() {
        long origin = 5_000_000_000L;
        TimingWheel w = new TimingWheel(ONE_MS, 1024, origin);
        // move the wheel to the middle of a turn, so the next occupied slot lies behind the current one
        assertThat(advance(w, origin + 700 * MS + 400_000)).isEmpty();
        long now = origin + 700 * MS + 400_000;
        WheelTimer t = timer(origin + 1650 * MS); // tick 1650, slot 626 < 701
        w.add(t);
        long timeout = w.timeoutMillis(now);
        assertThat(timeout).isEqualTo(950); // 1650 ms - 700.4 ms, rounded up
        assertThat(advance(w, origin + 1650 * MS - 1)).as("just before its tick").isEmpty();
        assertThat(advance(w, now + timeout * MS)).containsExactly(t);
        assertThat(w.timeoutMillis(now + timeout * MS)).isEqualTo(-1);
    }

    @Test
    void farAwayTimerIsReachedByFollowingTimeoutsWithoutOvershooting() {
        // a timer more than a turn away: the wheel may wake the loop once per turn (its slot comes round), but following
        // the timeouts never passes the deadline's tick and fires it exactly there
        long origin = 0;
        TimingWheel w = new TimingWheel(ONE_MS, 1024, origin);
        long dueTick = 5L * 1024 + 300;
        WheelTimer t = timer(dueTick * MS - 123);
        w.add(t);
        long now = origin + 17 * MS + 5;
        assertThat(advance(w, now)).isEmpty();
        int wakes = 0;
        while (true) {
            long timeout = w.timeoutMillis(now);
            assertThat(timeout).isPositive();
            long wake = now + timeout * MS;
            assertThat(wake).as("never sleeps past the deadline's tick").isLessThan(dueTick * MS + MS);
            wakes++;
            List<WheelTimer> got = advance(w, wake);
            now = wake;
            if (!got.isEmpty()) {
                assertThat(got).containsExactly(t);
                assertThat(Math.floorDiv(wake, MS)).isEqualTo(dueTick);
                break;
            }
            assertThat(wakes).as("about one wake per turn").isLessThanOrEqualTo(6);
        }
        assertThat(w.timeoutMillis(now)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "size {0}, {1} timers")
    @CsvSource({"1024, 200", "1024, 3", "64, 200", "64, 3", "1, 30", "128, 200", "128, 2"})
    void followingTimeoutsFiresEveryTimerOnItsTick(int size, int timers) {
        checkTimeoutDrivenLoop(size, timers);
    }

    /*
     * Regression: TimingWheel.nextOccupied used to count the unused bits past `size` in the last bitmap word as scanned
     * slots, so for a size that is not a multiple of 64 it gave up before wrapping back to the slots of its starting word
     * that lie before `from`, and timeoutMillis threw IllegalStateException("timer count N but no occupied slot").
     */
    @ParameterizedTest(name = "size {0}, {1} timers")
    @CsvSource({"100, 200", "100, 3", "8, 200", "8, 3", "1000, 200", "1000, 3"})
    void followingTimeoutsFiresEveryTimerOnItsTickWhenSizeIsNotAMultipleOf64(int size, int timers) {
        checkTimeoutDrivenLoop(size, timers);
    }

    /*
     * Regression (see above): size 100, wheel at tick 71 (from = 71, bitmap word 1), only occupied slot 65 (word 1,
     * before from). Timeout 95 ms; used to throw IllegalStateException.
     */
    @Test
    void timeoutWithWheelSizeNotAMultipleOf64() {
        TimingWheel w = new TimingWheel(ONE_MS, 100, 0);
        assertThat(advance(w, 70 * MS)).isEmpty(); // next tick 71
        WheelTimer t = timer(165 * MS); // tick 165, slot 65
        w.add(t);
        assertThat(w.timeoutMillis(70 * MS)).isEqualTo(95);
        assertThat(advance(w, 165 * MS - 1)).isEmpty();
        assertThat(advance(w, 165 * MS)).containsExactly(t);
    }

    /*
     * Regression (see above): size 8 (smaller than one bitmap word), wheel at tick 4, only occupied slot 2 (tick 10).
     * Timeout 7 ms; used to throw IllegalStateException.
     */
    @Test
    void timeoutWithWheelSmallerThanOneBitmapWord() {
        TimingWheel w = new TimingWheel(ONE_MS, 8, 0);
        WheelTimer t = timer(10 * MS); // slot 2
        w.add(t);
        assertThat(advance(w, 3 * MS)).isEmpty(); // next tick 4
        assertThat(w.timeoutMillis(3 * MS)).isEqualTo(7);
        assertThat(advance(w, 10 * MS)).containsExactly(t);
    }

    /**
     * Plays the event loop: sleep for timeoutMillis, advance, repeat. With every timer less than a turn ahead, each
     * timeout leads exactly to the earliest timer's tick (advancing to just before it fires nothing); farther timers may
     * cause early wake-ups but never a late one.
     */
    static void checkTimeoutDrivenLoop(int size, int timers) {
        Random rnd = new Random(size * 1000L + timers);
        long origin = 987_654_321L;
        Sim sim = new Sim(MS, size, origin);
        for (int i = 0; i < timers; i++) {
            sim.add(origin + randomOffset(rnd, 3L * size * MS + 50 * MS));
        }
        int added = timers;
        int wakes = 0;
        while (true) {
            // now and then something other than a timer wakes the loop (I/O): advance at a random earlier time
            if (rnd.nextInt(4) == 0) {
                sim.advanceTo(sim.now + rnd.nextInt((int) MS));
            }
            if (wakes < 300 && rnd.nextInt(timers < 10 ? 30 : 5) == 0) {
                sim.add(sim.now + randomOffset(rnd, 2L * size * MS));
                added++;
            }
            long timeout = sim.wheel.timeoutMillis(sim.now);
            Sim.Entry earliest = sim.earliestLive();
            if (earliest == null) {
                assertThat(timeout).isEqualTo(-1);
                break;
            }
            long dueAt = sim.boundary(earliest.dueTick);
            // the wheel may wake early for a timer a turn or more away whose slot comes round first, never late
            long firstSlotTick = Long.MAX_VALUE;
            boolean allWithinTurn = true;
            for (Sim.Entry e : sim.live) {
                firstSlotTick = Math.min(firstSlotTick, sim.nextTick + Math.floorMod(e.dueTick - sim.nextTick, size));
                allWithinTurn &= e.dueTick - sim.nextTick < size;
            }
            if (dueAt - sim.now <= 0) {
                assertThat(timeout).as("due now").isZero();
            } else {
                assertThat(timeout).isNotNegative();
                // never sleeps past the earliest due tick (by a whole millisecond) ...
                assertThat(sim.now + timeout * MS - dueAt).isLessThan(MS);
                // ... nor wakes before the first occupied slot comes round
                // (0 is possible: the current slot may hold only a timer a turn or more away)
                assertThat(timeout).isGreaterThanOrEqualTo(Math.max(0, ceilDiv(sim.boundary(firstSlotTick) - sim.now, MS)));
                if (allWithinTurn) {
                    // every timer less than a turn ahead: exact
                    assertThat(timeout).isPositive().isEqualTo(ceilDiv(dueAt - sim.now, MS));
                    if (dueAt - 1 - sim.now > 0) {
                        assertThat(sim.advanceTo(dueAt - 1)).as("just before the earliest tick").isEmpty();
                    }
                }
            }
            List<WheelTimer> got = sim.advanceTo(sim.now + timeout * MS);
            if (allWithinTurn) {
                assertThat(got).as("the earliest timer fires").contains(earliest.timer);
            }
            wakes++;
            assertThat(wakes).isLessThan(10_000);
        }
        assertThat(sim.fired).isEqualTo(added);
        assertThat(sim.wheel.size()).isZero();
    }

    // =============================================================================================== focused: now / past

    @Test
    void timerAtTheCurrentTimeOrInThePastFiresOnTheNextAdvance() {
        long origin = 10 * MS;
        TimingWheel w = new TimingWheel(ONE_MS, 1024, origin);
        // before any advance: the wheel is at tick 0, which is due at origin
        WheelTimer atOrigin = timer(origin);
        WheelTimer past = timer(origin - 3 * MS);
        WheelTimer wayPast = timer(Long.MIN_VALUE / 2);
        w.add(atOrigin);
        w.add(past);
        w.add(wayPast);
        assertThat(w.timeoutMillis(origin)).isZero();
        assertThat(advance(w, origin)).containsExactlyInAnyOrder(atOrigin, past, wayPast);

        // after advances: added at the current time (between ticks and on a tick boundary) or in the past, a timer is
        // due at the next tick the wheel has not processed, and the timeout leads there
        long[] nows = {origin + 5 * MS + 500_000, origin + 20 * MS, origin + 2000 * MS + 1};
        for (long now : nows) {
            assertThat(advance(w, now)).isEmpty();
            WheelTimer atNow = timer(now);
            WheelTimer before = timer(now - 2 * MS);
            WheelTimer longBefore = timer(origin - 50 * MS);
            WheelTimer future = timer(now + 3 * MS);
            w.add(future);
            w.add(atNow);
            w.add(before);
            w.add(longBefore);
            long timeout = w.timeoutMillis(now);
            assertThat(timeout).as("at most one tick away").isBetween(0L, 1L);
            List<WheelTimer> got = advance(w, now + timeout * MS);
            assertThat(got).containsExactlyInAnyOrder(atNow, before, longBefore);
            assertThat(w.size()).isEqualTo(1);
            assertThat(advance(w, now + 3 * MS + MS)).containsExactly(future);
        }
    }

    @Test
    void timerAddedWhileFiringIsNotLostAndFiresOnTheNextTick() {
        TimingWheel w = new TimingWheel(ONE_MS, 8, 0);
        WheelTimer first = timer(2 * MS);
        w.add(first);
        List<WheelTimer> fired = new ArrayList<>();
        WheelTimer[] added = new WheelTimer[1];
        w.advance(5 * MS, t -> {
            fired.add(t);
            added[0] = timer(1 * MS); // in the past, added from inside the callback
            w.add(added[0]);
        });
        assertThat(fired).containsExactly(first);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.timeoutMillis(5 * MS)).isEqualTo(1);
        assertThat(advance(w, 5 * MS + 999_999)).isEmpty();
        assertThat(advance(w, 6 * MS)).containsExactly(added[0]);
    }

    @Test
    void periodicTimerRescheduledLikeTheTimerQueueFiresOncePerPeriod() {
        // TimerQueue.fire re-adds a periodic timer at deadline + period; drive it by timeouts for 100 ms
        long origin = -42 * MS;
        TimingWheel w = new TimingWheel(ONE_MS, 1024, origin);
        long period = 2_500_000;
        WheelTimer p = new WheelTimer(null, NOOP, origin + period, period, null);
        w.add(p);
        List<Long> fireTimes = new ArrayList<>();
        List<Long> deadlines = new ArrayList<>();
        long now = origin;
        while (now - origin < 100 * MS) {
            long timeout = w.timeoutMillis(now);
            assertThat(timeout).isPositive();
            now += timeout * MS;
            long at = now;
            w.advance(now, t -> {
                fireTimes.add(at);
                deadlines.add(t.deadlineNanos);
                t.deadlineNanos += t.periodNanos;
                w.add(t);
            });
        }
        assertThat(fireTimes).hasSize(40);
        for (int i = 0; i < fireTimes.size(); i++) {
            long deadline = origin + (i + 1) * period;
            assertThat(deadlines.get(i)).isEqualTo(deadline);
            assertThat(fireTimes.get(i) - deadline).as("fire %d", i).isBetween(0L, MS - 1);
        }
    }
}
