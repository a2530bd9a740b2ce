package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The keyspace's expiry bookkeeping, on a clock and a timer wheel the test turns by hand: which timers are scheduled,
 * cancelled and replaced, what a due timer deletes, and that access alone hides an expired key.
 */
class KeyspaceTests {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<ManualTimer> timers = new ArrayList<>();
    private final Keyspace keyspace = new Keyspace((delay, task) -> {
        ManualTimer timer = new ManualTimer(delay, task);
        timers.add(timer);
        return timer;
    }, clock::get);

    @Test
    void aValuesReplyIsEncodedOnceAndRenewedWhenTheValueChanges() {
        assertThat(keyspace.getReply(b("k"))).isSameAs(RespReply.NULL);
        keyspace.set(b("k"), b("v"));
        RespReply first = keyspace.getReply(b("k"));
        assertThat(first).hasToString("$1\\r\\nv\\r\\n");
        assertThat(keyspace.getReply(b("k"))).isSameAs(first);
        keyspace.set(b("k"), b("wx"));
        assertThat(keyspace.getReply(b("k"))).hasToString("$2\\r\\nwx\\r\\n");
        keyspace.increment(b("n"), 41);
        keyspace.getReply(b("n"));
        keyspace.increment(b("n"), 1);
        assertThat(keyspace.getReply(b("n"))).hasToString("$2\\r\\n42\\r\\n");
    }

    @Test
    void setGetExistsDeleteAndConditions() {
        keyspace.set(b("k"), b("v"));
        assertThat(keyspace.get(b("k"))).isEqualTo(b("v"));
        assertThat(keyspace.exists(b("k"))).isTrue();
        assertThat(setIf(b("k"), b("other"), SetCondition.IF_ABSENT)).isFalse();
        assertThat(setIf(b("none"), b("other"), SetCondition.IF_PRESENT)).isFalse();
        assertThat(setIf(b("k"), b("w"), SetCondition.IF_PRESENT)).isTrue();
        assertThat(keyspace.get(b("k"))).isEqualTo(b("w"));
        assertThat(keyspace.exists(b("none"))).isFalse();
        assertThat(keyspace.size()).isEqualTo(1);
        assertThat(keyspace.delete(b("k"))).isTrue();
        assertThat(keyspace.delete(b("k"))).isFalse();
        assertThat(keyspace.get(b("k"))).isNull();
        assertThat(timers).isEmpty();
    }

    @Test
    void aKeyWithATtlGetsATimerOfThatDelayThatDeletesItWhenDue() {
        setWithTtl(b("k"), b("v"), Duration.ofMillis(100));
        assertThat(timers).singleElement().satisfies(t -> assertThat(t.delay).isEqualTo(Duration.ofMillis(100)));
        assertThat(keyspace.ttlMillis(b("k"))).isEqualTo(100);

        advance(Duration.ofMillis(100));
        timers.get(0).fire();
        assertThat(keyspace.size()).as("deleted by the timer, without an access").isZero();
    }

    @Test
    void anExpiredKeyIsGoneOnAccessBeforeItsTimerRuns() {
        setWithTtl(b("k"), b("v"), Duration.ofMillis(100));
        advance(Duration.ofMillis(99));
        assertThat(keyspace.get(b("k"))).isEqualTo(b("v"));
        advance(Duration.ofMillis(1));
        assertThat(keyspace.size()).isEqualTo(1);
        assertThat(keyspace.get(b("k"))).isNull();
        assertThat(keyspace.ttlMillis(b("k"))).isEqualTo(Keyspace.NO_KEY);
        assertThat(keyspace.size()).isZero();
        assertThat(setIf(b("k"), b("new"), SetCondition.IF_ABSENT)).isTrue();
    }

    @Test
    void setExpireDeleteAndClearCancelTheTimerTheyReplace() {
        setWithTtl(b("k"), b("v"), Duration.ofSeconds(10));
        keyspace.set(b("k"), b("v"));
        assertThat(timers.get(0).cancelled).as("SET without a ttl").isTrue();
        assertThat(keyspace.ttlMillis(b("k"))).isEqualTo(Keyspace.NO_EXPIRY);

        assertThat(keyspace.expire(b("k"), in(Duration.ofSeconds(5)), deadline -> true)).isTrue();
        assertThat(keyspace.expire(b("k"), in(Duration.ofSeconds(50)), deadline -> true)).isTrue();
        assertThat(timers.get(1).cancelled).as("EXPIRE again").isTrue();
        assertThat(timers.get(2).delay).isEqualTo(Duration.ofSeconds(50));
        assertThat(keyspace.ttlMillis(b("k"))).isEqualTo(50_000);

        keyspace.delete(b("k"));
        assertThat(timers.get(2).cancelled).as("DEL").isTrue();

        setWithTtl(b("k"), b("v"), Duration.ofSeconds(10));
        keyspace.clear();
        assertThat(timers.get(3).cancelled).as("FLUSHALL").isTrue();
        assertThat(keyspace.size()).isZero();
    }

    @Test
    void aTimerLeftOverFromAReplacedValueDeletesNothing() {
        setWithTtl(b("k"), b("old"), Duration.ofMillis(100));
        setWithTtl(b("k"), b("new"), Duration.ofSeconds(10));
        advance(Duration.ofMillis(100));
        timers.get(0).fire(); // as if it had been due before it was cancelled
        assertThat(keyspace.get(b("k"))).isEqualTo(b("new"));
    }

    @Test
    void aConditionThatFailsSchedulesNoTimer() {
        keyspace.set(b("k"), b("v"));
        assertThat(keyspace.set(b("k"), b("w"), in(Duration.ofSeconds(1)), SetCondition.IF_ABSENT, false)
                .written()).isFalse();
        assertThat(keyspace.expire(b("none"), in(Duration.ofSeconds(1)), deadline -> true)).isFalse();
        assertThat(timers).isEmpty();
    }

    @Test
    void incrementCountsFromZeroAndKeepsTheTimeToLive() {
        assertThat(keyspace.increment(b("n"), 1)).isEqualTo(1);
        setWithTtl(b("n"), b("41"), Duration.ofSeconds(10));
        assertThat(keyspace.increment(b("n"), 1)).isEqualTo(42);
        assertThat(keyspace.get(b("n"))).isEqualTo(b("42"));
        assertThat(keyspace.ttlMillis(b("n"))).isEqualTo(10_000);
        assertThat(timers.get(0).cancelled).isFalse();

        advance(Duration.ofSeconds(10));
        timers.get(0).fire();
        assertThat(keyspace.exists(b("n"))).isFalse();
    }

    @Test
    void incrementRefusesWhatIsNoStrictIntegerAndOverflow() {
        for (String value : new String[] { "abc", "", " 1", "+1", "01", "-0", "1.5", "99999999999999999999" }) {
            keyspace.set(b("n"), b(value));
            assertThatThrownBy(() -> keyspace.increment(b("n"), 1)).as(value)
                    .isInstanceOf(NumberFormatException.class);
            assertThat(keyspace.get(b("n"))).as("unchanged").isEqualTo(b(value));
        }
        keyspace.set(b("n"), b(Long.toString(Long.MAX_VALUE)));
        assertThatThrownBy(() -> keyspace.increment(b("n"), 1)).isInstanceOf(ArithmeticException.class);
        keyspace.set(b("n"), b("-1"));
        assertThat(keyspace.increment(b("n"), 1)).isZero();
    }

    @Test
    void expireOfZeroOrLessDeletesAtOnce() {
        keyspace.set(b("k"), b("v"));
        assertThat(keyspace.expire(b("k"), in(Duration.ofSeconds(-1)), deadline -> true)).isTrue();
        assertThat(keyspace.exists(b("k"))).isFalse();
        assertThat(keyspace.expire(b("k"), in(Duration.ZERO), deadline -> true)).isFalse();
    }

    @Test
    void keysAreComparedByContent() {
        keyspace.set("ключ".getBytes(StandardCharsets.UTF_8), b("v"));
        assertThat(keyspace.get("ключ".getBytes(StandardCharsets.UTF_8))).isEqualTo(b("v"));
        assertThat(keyspace.get(new byte[] { 0 })).isNull();
    }

    private boolean setIf(byte[] key, byte[] value, SetCondition condition) {
        return keyspace.set(key, value, Keyspace.NO_DEADLINE, condition, false).written();
    }

    private void setWithTtl(byte[] key, byte[] value, Duration ttl) {
        keyspace.set(key, value, in(ttl), SetCondition.ALWAYS, false);
    }

    private long in(Duration duration) {
        return clock.get() + duration.toMillis();
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A timer the test fires itself. */
    private static final class ManualTimer implements Timer {
        final Duration delay;
        final Runnable task;
        boolean cancelled;

        ManualTimer(Duration delay, Runnable task) {
            this.delay = delay;
            this.task = task;
        }

        void fire() {
            task.run();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
