package io.gev.samples.redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only file's figures for {@code INFO persistence}: sizes, fsyncs, the state of rewrites and of the last
 * write. Written by the writer and rewrite threads, read anywhere. Thread safe.
 */
public final class AofStats {

    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong rewrites = new AtomicLong();
    private volatile long currentSize;
    private volatile long baseSize;
    private volatile boolean rewriteInProgress;
    private volatile long rewriteStartedMillis;
    private volatile long lastRewriteTimeSec = -1;
    private volatile boolean lastRewriteOk = true;
    private volatile boolean lastWriteOk = true;

    /** fsyncs of the file since start. */
    public long fsyncs() {
        return fsyncs.get();
    }

    /** Rewrites completed since start. */
    public long rewrites() {
        return rewrites.get();
    }

    /** The file's size now ({@code aof_current_size}). */
    public long currentSize() {
        return currentSize;
    }

    /** The file's size after the start or the last rewrite ({@code aof_base_size}). */
    public long baseSize() {
        return baseSize;
    }

    public boolean rewriteInProgress() {
        return rewriteInProgress;
    }

    /** Seconds the running rewrite has taken so far, -1 when none runs ({@code aof_current_rewrite_time_sec}). */
    public long currentRewriteTimeSec() {
        return rewriteInProgress ? (System.currentTimeMillis() - rewriteStartedMillis) / 1000 : -1;
    }

    /** Seconds the last rewrite took, -1 before the first ({@code aof_last_rewrite_time_sec}). */
    public long lastRewriteTimeSec() {
        return lastRewriteTimeSec;
    }

    /** {@code ok} or {@code err} ({@code aof_last_bgrewrite_status}). */
    public String lastRewriteStatus() {
        return lastRewriteOk ? "ok" : "err";
    }

    /** {@code ok} or {@code err} ({@code aof_last_write_status}). */
    public String lastWriteStatus() {
        return lastWriteOk ? "ok" : "err";
    }

    void fsynced() {
        fsyncs.incrementAndGet();
    }

    void sizes(long current, long base) {
        currentSize = current;
        baseSize = base;
    }

    void grew(long bytes) {
        currentSize += bytes; // the writer thread alone changes the size
    }

    void rewriteStarted() {
        rewriteStartedMillis = System.currentTimeMillis();
        rewriteInProgress = true;
    }

    void rewriteEnded(boolean ok) {
        lastRewriteTimeSec = (System.currentTimeMillis() - rewriteStartedMillis) / 1000;
        lastRewriteOk = ok;
        rewriteInProgress = false;
        if (ok) {
            rewrites.incrementAndGet();
        }
    }

    void lastWrite(boolean ok) {
        lastWriteOk = ok;
    }
}
