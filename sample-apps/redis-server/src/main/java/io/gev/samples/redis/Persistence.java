package io.gev.samples.redis;

import io.gev.spring.autoconfigure.GevServerLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The append-only file's life: with {@code redis.appendonly} on, replays the file into the keyspace before the gev
 * server starts (a corrupt file stops the application from starting), then writes on {@link AofWriter}'s thread;
 * when the application stops, after the server has stopped, writes and fsyncs what is left and closes the file.
 */
public final class Persistence implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Persistence.class);
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final AofSettings settings;
    private final Keyspace keyspace;
    private final AppendOnlyFile aof;
    private final AofStats stats = new AofStats();
    private final AofRewrite rewrite;
    private volatile AofWriter writer;
    private volatile boolean running;

    Persistence(AofSettings settings, Keyspace keyspace, AppendOnlyFile aof) {
        this.settings = settings;
        this.keyspace = keyspace;
        this.aof = aof;
        this.rewrite = new AofRewrite(aof, keyspace, settings, stats);
    }

    /** The file's figures. Thread safe. */
    public AofStats stats() {
        return stats;
    }

    /** The settings. Thread safe. */
    public AofSettings settings() {
        return settings;
    }

    /**
     * Starts a rewrite of the file in the background ({@code BGREWRITEAOF}); false when one runs already. Thread safe,
     * never blocks.
     *
     * @throws IllegalStateException when the server has no append-only file ({@code appendonly no})
     */
    public boolean rewrite() {
        if (writer == null) {
            throw new IllegalStateException("appendonly is off");
        }
        return rewrite.start();
    }

    /** Loads the file and starts writing it. On the thread that starts the application. */
    @Override
    public void start() {
        if (settings.appendonly()) {
            try {
                Files.createDirectories(settings.directory());
                long started = System.nanoTime();
                long records = AofLoader.load(settings.file(), keyspace);
                log.info("DB loaded from append only file {}: {} records in {} ms", settings.file(), records,
                        (System.nanoTime() - started) / 1_000_000);
                AofWriter created = new AofWriter(aof, rewrite, settings, stats,
                        AofFiles.openForAppend(settings.file()));
                aof.enabled(true);
                created.start();
                writer = created;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open the append only file " + settings.file(), e);
            }
        }
        running = true;
    }

    /** Writes and fsyncs what is left, then closes the file. On the thread that stops the application. */
    @Override
    public void stop() {
        AofWriter stopping = writer;
        if (stopping != null) {
            try {
                stopping.stop(STOP_TIMEOUT_MILLIS);
                log.info("Append only file {} fsynced and closed", settings.file());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the gev server and stops after it: no connection sees the keyspace before it is loaded. */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE - 1;
    }
}
