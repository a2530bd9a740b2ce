package io.gev.samples.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the append-only file as a compact snapshot of the keyspace, without stopping the writes: a thread of its
 * own writes a {@code SET} record for every key to a temporary file while {@link AofWriter} goes on appending to the
 * old file and keeps a copy of every record appended since the snapshot began. When the snapshot is done, the writer
 * appends that copy to it, fsyncs it and renames it over the old file, atomically.
 *
 * <p>The snapshot is only weakly consistent, but each record states what a key holds, so replaying the records of
 * the writes made during the snapshot after it gives the keyspace as it is.
 */
final class AofRewrite {

    private static final Logger log = LoggerFactory.getLogger(AofRewrite.class);
    private static final int CHUNK = 1 << 20;

    /** One rewrite: where its snapshot starts in the record stream, its file, and the records appended since. */
    private static final class Run {
        final long from;
        final Path temp;
        /** Records appended since the snapshot began; the writer thread's own. */
        final AofRecords since = new AofRecords(1 << 16);
        volatile FileChannel snapshot;
        volatile Exception failure;
        volatile boolean cancelled;

        Run(long from, Path temp) {
            this.from = from;
            this.temp = temp;
        }
    }

    private final AppendOnlyFile aof;
    private final Keyspace keyspace;
    private final AofSettings settings;
    private final AofStats stats;
    private volatile Run current;

    AofRewrite(AppendOnlyFile aof, Keyspace keyspace, AofSettings settings, AofStats stats) {
        this.aof = aof;
        this.keyspace = keyspace;
        this.settings = settings;
        this.stats = stats;
    }

    /** Whether a rewrite runs. Thread safe. */
    boolean running() {
        return current != null;
    }

    /** Starts a rewrite in the background unless one runs; returns whether it started. Thread safe, never blocks. */
    synchronized boolean start() {
        if (current != null) {
            return false;
        }
        Path temp = settings.directory().resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        aof.markRewriteStart(from -> current = new Run(from, temp));
        stats.rewriteStarted();
        Run run = current;
        Thread thread = new Thread(() -> snapshot(run), "gev-redis-aof-rewrite");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** Keeps what of {@code batch} (just written to the old file) must follow the snapshot. Writer thread only. */
    void keep(AppendOnlyFile.Batch batch) {
        Run run = current;
        AofRecords records = batch.records();
        long start = batch.end() - records.length();
        if (run != null && batch.end() > run.from) {
            int skip = (int) Math.max(0, run.from - start);
            run.since.append(records.bytes(), skip, records.length() - skip);
        }
    }

    /**
     * Ends a rewrite whose snapshot is done: appends the records kept since, fsyncs, renames the file over
     * {@code file} and returns it open for appending at its end; or deletes the files of a rewrite that failed.
     * Returns null when no rewrite ended. Writer thread only.
     */
    FileChannel finishIfDone(Path file) {
        Run run = current;
        if (run == null || run.snapshot == null && run.failure == null) {
            return null;
        }
        current = null;
        if (run.failure != null) {
            end(run, run.failure);
            return null;
        }
        try (FileChannel snapshot = run.snapshot) {
            AofFiles.writeFully(snapshot, run.since.bytes(), run.since.length());
            snapshot.force(false);
            stats.fsynced();
            Files.move(run.temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AofFiles.syncDirectory(file.toAbsolutePath().getParent());
            FileChannel renamed = AofFiles.openForAppend(file);
            stats.sizes(renamed.size(), renamed.size());
            stats.rewriteEnded(true);
            log.info("Background AOF rewrite finished successfully: {} is {} bytes", file, renamed.size());
            return renamed;
        } catch (IOException e) {
            end(run, e);
            return null;
        }
    }

    /** Stops a rewrite that runs, deleting its file. Thread safe. */
    void cancel() {
        Run run = current;
        if (run != null) {
            run.cancelled = true;
            current = null;
            end(run, new IOException("cancelled: the server stops"));
        }
    }

    private void snapshot(Run run) {
        try {
            FileChannel out = FileChannel.open(run.temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                AofRecords records = new AofRecords(CHUNK + (1 << 16));
                keyspace.forEach((key, value, expireAt) -> {
                    records.set(key, value, expireAt);
                    if (records.length() >= CHUNK) {
                        drain(out, records, run);
                    }
                });
                drain(out, records, run);
                out.force(false);
                stats.fsynced();
                if (run.cancelled) {
                    throw new IOException("rewrite cancelled");
                }
            } catch (IOException | UncheckedIOException e) {
                out.close();
                Files.deleteIfExists(run.temp);
                throw e;
            }
            run.snapshot = out;
        } catch (IOException | UncheckedIOException e) {
            run.failure = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        }
        aof.requestWork();
    }

    private static void drain(FileChannel out, AofRecords records, Run run) {
        if (run.cancelled) {
            throw new UncheckedIOException(new IOException("rewrite cancelled"));
        }
        try {
            AofFiles.writeFully(out, records.bytes(), records.length());
            records.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void end(Run run, Exception failure) {
        log.warn("Background AOF rewrite failed: {}", failure.toString());
        stats.rewriteEnded(false);
        try {
            FileChannel snapshot = run.snapshot;
            if (snapshot != null) {
                snapshot.close();
            }
            Files.deleteIfExists(run.temp);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", run.temp, e.toString());
        }
    }
}
