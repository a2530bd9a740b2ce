package io.gev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * A hashed timing wheel: {@code size} slots of {@code tick} each; a timer goes into the slot of its deadline tick and
 * fires when the wheel reaches that tick, however many turns away it is. A bitmap of occupied slots tells the loop how
 * long it may sleep, so an idle loop with timers wakes only when one is due, not on every tick.
 *
 * <p>Not thread safe, but in loop: one wheel per event loop.
 */
final class TimingWheel {

    private final long tickNanos;
    private final long originNanos;
    private final WheelTimer[] slots;
    private final long[] occupied;
    private final ArrayList<WheelTimer> due = new ArrayList<>();
    /** The next tick to process: every tick before it has fired. */
    private long tick;
    private int count;

    TimingWheel(Duration tick, int size, long nowNanos) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("timer tick must be positive: " + tick);
        }
        if (size < 1) {
            throw new IllegalArgumentException("timer wheel size must be positive: " + size);
        }
        this.tickNanos = tick.toNanos();
        this.originNanos = nowNanos;
        this.slots = new WheelTimer[size];
        this.occupied = new long[(size + 63) >>> 6];
    }

    /** Number of scheduled timers. */
    int size() {
        return count;
    }

    /** Links {@code timer} into the slot of its deadline. */
    void add(WheelTimer timer) {
        long ticks = Math.floorDiv(timer.deadlineNanos - originNanos + tickNanos - 1, tickNanos);
        timer.deadlineTick = Math.max(ticks, tick);
        int slot = (int) Math.floorMod(timer.deadlineTick, (long) slots.length);
        WheelTimer head = slots[slot];
        timer.slot = slot;
        timer.prev = null;
        timer.next = head;
        if (head != null) {
            head.prev = timer;
        }
        slots[slot] = timer;
        occupied[slot >>> 6] |= 1L << slot;
        count++;
    }

    /** Unlinks {@code timer} if it is in the wheel. */
    void remove(WheelTimer timer) {
        int slot = timer.slot;
        if (slot < 0) {
            return;
        }
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            slots[slot] = timer.next;
            if (timer.next == null) {
                occupied[slot >>> 6] &= ~(1L << slot);
            }
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
        timer.slot = -1;
        count--;
    }

    /**
     * How long the loop may block before the next occupied slot is due: -1 when no timer is scheduled, 0 when one is
     * due now, otherwise milliseconds rounded up.
     */
    long timeoutMillis(long nowNanos) {
        if (count == 0) {
            return -1;
        }
        int from = (int) Math.floorMod(tick, (long) slots.length);
        int offset = nextOccupied(from);
        long dueNanos = originNanos + (tick + offset) * tickNanos;
        long wait = dueNanos - nowNanos;
        return wait <= 0 ? 0 : (wait + 999_999) / 1_000_000;
    }

    /** Moves the wheel to {@code nowNanos}, handing every timer that is due to {@code fire}, in deadline-tick order. */
    void advance(long nowNanos, Consumer<WheelTimer> fire) {
        long current = Math.floorDiv(nowNanos - originNanos, tickNanos);
        if (current < tick) {
            return;
        }
        if (count > 0) {
            long span = current - tick + 1;
            if (span >= slots.length) {
                for (int slot = 0; slot < slots.length; slot++) {
                    collectDue(slot, current);
                }
                due.sort((a, b) -> Long.compare(a.deadlineTick, b.deadlineTick));
            } else {
                for (long t = tick; t <= current; t++) {
                    collectDue((int) Math.floorMod(t, (long) slots.length), current);
                }
            }
        }
        tick = current + 1;
        for (int i = 0; i < due.size(); i++) {
            fire.accept(due.get(i));
        }
        due.clear();
    }

    private void collectDue(int slot, long current) {
        WheelTimer t = slots[slot];
        while (t != null) {
            WheelTimer next = t.next;
            if (t.isCancelled()) {
                remove(t);
            } else if (t.deadlineTick <= current) {
                remove(t);
                due.add(t);
            }
            t = next;
        }
    }

    /** Distance from {@code from} to the next occupied slot, wrapping around; the wheel holds at least one timer. */
    private int nextOccupied(int from) {
        int n = slots.length;
        int i = from;
        for (int scanned = 0; scanned <= n; ) {
            int word = i >>> 6;
            long bits = occupied[word] & (-1L << (i & 63));
            if (bits != 0) {
                int index = (word << 6) + Long.numberOfTrailingZeros(bits);
                return Math.floorMod(index - from, n);
            }
            int nextWord = (word + 1) << 6;
            scanned += Math.min(nextWord, n) - i;
            i = nextWord >= n ? 0 : nextWord;
        }
        throw new IllegalStateException("timer count " + count + " but no occupied slot");
    }
}
