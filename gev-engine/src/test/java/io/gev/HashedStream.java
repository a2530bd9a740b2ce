package io.gev;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long stream of bytes in which each position has its own value (a hash of the position and a seed), so that the
 * reader checks what arrives against what was written without either holding the stream: a chunk lost, repeated or
 * out of order shows at its first byte.
 */
final class HashedStream {

    private final long seed;

    HashedStream(long seed) {
        this.seed = seed;
    }

    /** The byte at {@code position}. */
    byte at(long position) {
        long z = (position + seed) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (byte) (z ^ (z >>> 31));
    }

    /**
     * Writes the first {@code total} bytes to {@code out} in writes of {@code maxWrite} bytes, or, with a
     * {@code random}, of random sizes from 1 to {@code maxWrite}; {@code written} follows the progress.
     */
    void writeTo(OutputStream out, long total, int maxWrite, Random random, AtomicLong written) throws IOException {
        byte[] chunk = new byte[maxWrite];
        long position = 0;
        while (position < total) {
            int len = (int) Math.min(total - position, random == null ? maxWrite : 1 + random.nextInt(maxWrite));
            for (int i = 0; i < len; i++) {
                chunk[i] = at(position + i);
            }
            out.write(chunk, 0, len);
            position += len;
            written.set(position);
        }
        out.flush();
    }

    /** Reads exactly the first {@code total} bytes from {@code in} and fails at the first that differs. */
    void expectFrom(InputStream in, long total) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long position = 0;
        while (position < total) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, total - position));
            if (n < 0) {
                throw new EOFException("end of stream after " + position + " of " + total + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (chunk[i] != at(position + i)) {
                    throw new AssertionError("byte " + (position + i) + " of " + total + " differs");
                }
            }
            position += n;
        }
    }
}
