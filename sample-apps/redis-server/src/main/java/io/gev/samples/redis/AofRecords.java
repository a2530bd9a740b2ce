package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of append-only file records, each a command in RESP: {@code SET key value [PXAT ms]},
 * {@code DEL key} and {@code FLUSHALL}. A record states what a key holds after a write (not the write itself), so
 * replaying the records in order gives the same keyspace whatever the write was, and an expiry is an absolute time.
 * Not thread safe.
 */
final class AofRecords {

    private static final byte[] SET = ascii("*3\r\n$3\r\nSET\r\n");
    private static final byte[] SET_PXAT = ascii("*5\r\n$3\r\nSET\r\n");
    private static final byte[] PXAT = ascii("$4\r\nPXAT\r\n");
    private static final byte[] DEL = ascii("*2\r\n$3\r\nDEL\r\n");
    private static final byte[] FLUSHALL = ascii("*1\r\n$8\r\nFLUSHALL\r\n");

    private byte[] bytes;
    private int length;

    AofRecords(int capacity) {
        bytes = new byte[capacity];
    }

    /** {@code key} holds {@code value}, until {@code expireAt} (Unix time in ms) or for ever when it is negative. */
    void set(byte[] key, byte[] value, long expireAt) {
        append(expireAt < 0 ? SET : SET_PXAT);
        bulk(key);
        bulk(value);
        if (expireAt >= 0) {
            append(PXAT);
            bulk(Longs.toBytes(expireAt));
        }
    }

    /** {@code key} does not exist. */
    void delete(byte[] key) {
        append(DEL);
        bulk(key);
    }

    /** No key exists. */
    void flushAll() {
        append(FLUSHALL);
    }

    /** The records' bytes; only the first {@link #length()} count. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Forgets the records, keeping the capacity. */
    void clear() {
        length = 0;
    }

    /** Appends {@code count} bytes of {@code source} from {@code from} as they are. */
    void append(byte[] source, int from, int count) {
        ensure(count);
        System.arraycopy(source, from, bytes, length, count);
        length += count;
    }

    private void append(byte[] source) {
        append(source, 0, source.length);
    }

    /** {@code $len\r\n}, the value and CRLF: the length's digits written in place, the hot path of every record. */
    private void bulk(byte[] value) {
        ensure(value.length + 16);
        bytes[length++] = '$';
        int digits = 1;
        for (int n = value.length; n >= 10; n /= 10) {
            digits++;
        }
        for (int i = digits - 1, n = value.length; i >= 0; i--, n /= 10) {
            bytes[length + i] = (byte) ('0' + n % 10);
        }
        length += digits;
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        append(value);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
