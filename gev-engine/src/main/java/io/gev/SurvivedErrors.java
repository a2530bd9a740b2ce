package io.gev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a loop does with an error it survives (one that escaped a pass of the loop: a bug in gev, since handler and
 * protocol faults are caught nearer their source): logs it in full at most once a second, and pauses the loop
 * briefly, so that an error that recurs every pass can neither flood the log nor spin a core. Loop thread only.
 */
final class SurvivedErrors {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final long FULL_LOG_INTERVAL_NANOS = 1_000_000_000L;
    private static final long PAUSE_MILLIS = 10;

    private final String loopName;
    private long lastFullLog;

    SurvivedErrors(String loopName) {
        this.loopName = loopName;
    }

    /** Logs {@code t} (in full, or one line when one was logged in full within the last second), then pauses. */
    void report(Throwable t) {
        long at = System.nanoTime();
        if (lastFullLog == 0 || at - lastFullLog >= FULL_LOG_INTERVAL_NANOS) {
            lastFullLog = at;
            log.error("Unexpected error in {}; going on", loopName, t);
        } else {
            log.debug("Unexpected error in {} again: {}", loopName, t.toString());
        }
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
