package io.gev.buffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Random;

/**
 * {@link RingBufferTest}'s random walk with the fuzzer making every choice: which operation, its arguments, when to
 * fill and when to drain. Each step is checked against the reference model (content, length, virtual length, the
 * expected capacity, out-of-range operations throwing and changing nothing), so coverage steers the same walk the
 * seeded tests take at random.
 */
class RingBufferFuzzTest {

    /** Steps of one walk at most; a walk also ends when the fuzzer's data runs out. */
    private static final int MAX_OPS = 3000;

    @FuzzTest(maxDuration = "20s")
    void operationsMatchTheReferenceModel(FuzzedDataProvider data) throws IOException {
        boolean direct = data.consumeBoolean();
        int ops = Math.min(MAX_OPS, data.remainingBytes() / 8);
        new RingBufferTest.Walk(new FuzzedRandom(data), "fuzz", direct).walk(ops);
    }

    /** A {@link Random} whose bits are the fuzzer's, so that every choice derived from it is the fuzzer's too. */
    private static final class FuzzedRandom extends Random {

        private static final long serialVersionUID = 1L;

        private final transient FuzzedDataProvider data;

        FuzzedRandom(FuzzedDataProvider data) {
            this.data = data;
        }

        @Override
        protected int next(int bits) {
            return data.consumeInt() >>> (32 - bits);
        }
    }
}
