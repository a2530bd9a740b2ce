package io.gev.samples.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may declare ({@code redis.protocol.*}). Each limit is checked before the server waits for, or
 * allocates, what a peer announces.
 *
 * @param maxInlineLength  longest inline command ({@code PING\r\n}) and longest {@code *N} or {@code $N} header line
 * @param maxBulkLength    longest argument of a multibulk request
 * @param maxArguments     most arguments in one request
 * @param maxRequestLength most argument bytes in one request, all arguments together
 */
@ConfigurationProperties("redis.protocol")
public record RespLimits(
        @DefaultValue("64KB") DataSize maxInlineLength,
        @DefaultValue("8MB") DataSize maxBulkLength,
        @DefaultValue("1048576") int maxArguments,
        @DefaultValue("64MB") DataSize maxRequestLength) {

    /** Redis's own ceiling for a bulk string; also keeps every length well inside a gev ring buffer. */
    private static final DataSize CEILING = DataSize.ofMegabytes(512);

    public RespLimits {
        check("max-inline-length", maxInlineLength, CEILING);
        check("max-bulk-length", maxBulkLength, CEILING);
        check("max-request-length", maxRequestLength, DataSize.ofBytes(Long.MAX_VALUE));
        if (maxArguments < 1) {
            throw new IllegalArgumentException(
                    "redis.protocol.max-arguments must be positive, but was " + maxArguments);
        }
    }

    private static void check(String name, DataSize value, DataSize max) {
        if (value.toBytes() < 1 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "redis.protocol." + name + " must be between 1B and " + max + ", but was " + value);
        }
    }
}
