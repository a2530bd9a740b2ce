package io.gev.samples.redis;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that takes the records the loops append to {@link AppendOnlyFile} to disk: each pass writes everything
 * appended since the last one, then fsyncs as {@code appendfsync} says (always: every pass that wrote, so one fsync
 * serves every write gathered while the last one ran, a group commit; everysec: once a second; no: never) and then
 * releases the replies that waited. It also ends rewrites and starts the automatic ones.
 *
 * <p>A write or fsync that fails is retried each second until it succeeds (the file cut back to its last whole
 * record first); meanwhile nothing new becomes durable, and replies that wait for the disk keep waiting.
 */
final class AofWriter {

    private static final Logger log = LoggerFactory.getLogger(AofWriter.class);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * Longest time between two passes when no reply waits for the disk ({@code everysec}, {@code no}): what is
     * appended meanwhile reaches the file in one write. With {@code always} every append wakes the writer.
     */
    static final long PASS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How long a pass with {@code always} waits, once woken by a write, before it takes what was appended: the loops
     * (which may share its CPU) go on meanwhile, so one fsync covers more writes. On a 2-CPU machine under
     * {@code redis-benchmark -P 128}: 100 us cut the fsyncs from ~680 to ~500 a second and the server's CPU per write
     * by ~20 %, for 0.1 ms more before a write's reply, next to the fsync's own ~1 ms.
     */
    static final long GATHER = TimeUnit.MICROSECONDS.toNanos(100);

    private final AppendOnlyFile aof;
    private final AofRewrite rewrite;
    private final AofSettings settings;
    private final AofStats stats;
    private final Thread thread;
    private FileChannel channel;
    private AofRecords spare = new AofRecords(1 << 16);
    private boolean unsynced;
    private long lastFsync = System.nanoTime();
    private volatile boolean stopping;

    AofWriter(AppendOnlyFile aof, AofRewrite rewrite, AofSettings settings, AofStats stats, FileChannel channel)
            throws IOException {
        this.aof = aof;
        this.rewrite = rewrite;
        this.settings = settings;
        this.stats = stats;
        this.channel = channel;
        this.thread = new Thread(this::run, "gev-redis-aof-writer");
        stats.sizes(channel.size(), channel.size());
    }

    /** Starts the thread. */
    void start() {
        thread.start();
    }

    /**
     * Writes and fsyncs everything appended so far, closes the file and ends the thread, waiting for it up to
     * {@code timeoutMillis}; a rewrite that runs is abandoned. Call once nothing appends any more. Thread safe.
     */
    void stop(long timeoutMillis) throws InterruptedException {
        stopping = true;
        rewrite.cancel();
        aof.requestWork();
        thread.join(timeoutMillis);
    }

    private void run() {
        try {
            boolean last;
            do {
                last = stopping;
                pass(last);
                if (!last) {
                    boolean always = aof.policy() == FsyncPolicy.ALWAYS;
                    aof.awaitWork(always ? SECOND : PASS, always);
                }
            } while (!last);
            channel.close();
        } catch (IOException e) {
            log.error("Could not close the append only file {}", settings.file(), e);
        }
    }

    /** One pass: write what was appended, fsync as the policy says, release, end or start a rewrite. */
    private void pass(boolean last) {
        if (!last && aof.policy() == FsyncPolicy.ALWAYS) {
            LockSupport.parkNanos(GATHER); // the loops go on appending: one fsync for more of their writes
        }
        AppendOnlyFile.Batch batch = aof.take(spare);
        AofRecords records = batch.records();
        if (records.length() > 0) {
            retry(() -> write(records), "write to");
            rewrite.keep(batch);
        }
        FsyncPolicy policy = aof.policy();
        if (unsynced && (last || policy == FsyncPolicy.ALWAYS
                || policy == FsyncPolicy.EVERYSEC && System.nanoTime() - lastFsync >= SECOND)) {
            retry(this::fsync, "fsync");
        }
        records.clear();
        spare = records;
        aof.durable(batch.seq());
        FileChannel rewritten = rewrite.finishIfDone(settings.file());
        if (rewritten != null) {
            retry(() -> channel.close(), "close");
            channel = rewritten;
            unsynced = false;
        } else if (!last && rewriteDue()) {
            rewrite.start();
        }
    }

    private void write(AofRecords records) throws IOException {
        long size = channel.size();
        try {
            AofFiles.writeFully(channel, records.bytes(), records.length());
        } catch (IOException e) {
            channel.truncate(size); // no torn record in the middle of the file once the write succeeds
            channel.position(size);
            throw e;
        }
        stats.grew(records.length());
        unsynced = true;
    }

    private void fsync() throws IOException {
        channel.force(false);
        stats.fsynced();
        unsynced = false;
        lastFsync = System.nanoTime();
    }

    /** Whether the file has grown enough past its size after the last rewrite for an automatic rewrite. */
    private boolean rewriteDue() {
        long current = stats.currentSize();
        long base = Math.max(1, stats.baseSize());
        int percentage = settings.autoAofRewritePercentage();
        return percentage > 0 && !rewrite.running() && current >= settings.autoAofRewriteMinSize().toBytes()
                && (current - base) * 100 / base >= percentage;
    }

    @FunctionalInterface
    private interface FileAction {
        void run() throws IOException;
    }

    private void retry(FileAction action, String what) {
        for (boolean failed = false;; failed = true) {
            try {
                action.run();
                if (failed) {
                    log.warn("AOF {} {} succeeded again", what, settings.file());
                }
                stats.lastWrite(true);
                return;
            } catch (IOException e) {
                stats.lastWrite(false);
                if (!failed) {
                    log.error("Could not {} the append only file {}; retrying every second", what, settings.file(), e);
                }
                if (stopping && failed) {
                    log.error("Giving up on {}: the server stops", settings.file());
                    return;
                }
                LockSupport.parkNanos(SECOND);
            }
        }
    }
}
