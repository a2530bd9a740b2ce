package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A client library used from many threads at once: each thread writes its own keys and reads each one back, and
 * every value read is checked against the one written.
 */
final class ThreadedWorkload {

    static final int THREADS = 8;
    static final int OPERATIONS = 500;

    /** What one operation does with the library: SET {@code key} to {@code value}, then GET it and return it. */
    @FunctionalInterface
    interface SetThenGet {
        String apply(String key, String value) throws Exception;
    }

    private ThreadedWorkload() {
    }

    /** The key and value of operation {@code i} of thread {@code thread}, under {@code prefix}. */
    static String key(String prefix, int thread, int i) {
        return prefix + thread + ":" + i;
    }

    static String value(int thread, int i) {
        return thread + "-" + i + "-" + "v".repeat(i % 64);
    }

    /** Runs {@link #THREADS} threads of {@link #OPERATIONS} operations each; asserts every value read back. */
    static void run(String prefix, SetThenGet operation) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        String value = value(thread, i);
                        assertThat(operation.apply(key(prefix, thread, i), value)).isEqualTo(value);
                    }
                    return OPERATIONS;
                }));
            }
            int done = 0;
            for (Future<Integer> result : results) {
                done += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(done).isEqualTo(THREADS * OPERATIONS);
        } finally {
            threads.shutdownNow();
        }
    }
}
