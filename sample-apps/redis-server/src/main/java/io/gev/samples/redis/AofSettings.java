package io.gev.samples.redis;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Persistence in an append-only file ({@code redis.*}), with Redis's names and defaults.
 *
 * @param appendonly                whether every write is appended to the file, and the file replayed on start
 * @param appendfsync               when the file is fsynced: {@code always}, {@code everysec} or {@code no}
 * @param dir                       the directory of the file (relative: to the working directory)
 * @param appendfilename            the file's name in {@code dir}
 * @param autoAofRewritePercentage  growth over the size after the last rewrite (in percent) that starts a rewrite;
 *                                  0 never rewrites on its own
 * @param autoAofRewriteMinSize     the size below which the file is never rewritten on its own
 */
@ConfigurationProperties("redis")
public record AofSettings(
        @DefaultValue("no") boolean appendonly,
        @DefaultValue("everysec") FsyncPolicy appendfsync,
        @DefaultValue(".") String dir,
        @DefaultValue("appendonly.aof") String appendfilename,
        @DefaultValue("100") int autoAofRewritePercentage,
        @DefaultValue("64MB") DataSize autoAofRewriteMinSize) {

    public AofSettings {
        if (appendfilename.isEmpty() || appendfilename.contains("/") || appendfilename.contains("\\")) {
            throw new IllegalArgumentException(
                    "redis.appendfilename must be a file name, without a directory: '" + appendfilename + "'");
        }
        if (autoAofRewritePercentage < 0) {
            throw new IllegalArgumentException(
                    "redis.auto-aof-rewrite-percentage must be 0 or more, but was " + autoAofRewritePercentage);
        }
        if (autoAofRewriteMinSize.isNegative()) {
            throw new IllegalArgumentException(
                    "redis.auto-aof-rewrite-min-size must be 0 or more, but was " + autoAofRewriteMinSize);
        }
    }

    /**
     * The directory, as a plain file system path: {@code dir} is a String because Spring's conversion to a Path would
     * find a relative one on the class path.
     */
    public Path directory() {
        return Path.of(dir);
    }

    /** The file. */
    public Path file() {
        return directory().resolve(appendfilename);
    }
}
