package io.gev.websocket;

import java.util.zip.Deflater;

/**
 * What the compressing WebSockets of one loop thread share, since a loop handles one message at a time: the arrays a
 * message is compressed or inflated through, the array a message is inflated into (see
 * {@link MessageBuffer#borrow}; {@value #INFLATED} bytes, made at the loop's first inflated message), and one
 * {@link Deflater} per level for messages compressed without context (reset after each), so a connection that keeps
 * no context holds no compressor. Arrays grown for a message over {@value #RETAINED} bytes are dropped after it. Loop
 * thread only.
 */
final class LoopCompression {

    private static final ThreadLocal<LoopCompression> LOOPS = ThreadLocal.withInitial(LoopCompression::new);
    private static final int INITIAL = 8 * 1024;
    private static final int RETAINED = 256 * 1024;
    private static final int INFLATED = 64 * 1024;

    private final Deflater[] deflaters = new Deflater[10];
    private byte[] input = new byte[INITIAL];
    private byte[] output = new byte[INITIAL];
    private byte[] inflated;

    private LoopCompression() {
    }

    /** The calling loop's. */
    static LoopCompression current() {
        return LOOPS.get();
    }

    /** The loop's raw deflater of {@code level}, reset: it must be reset again after each message. */
    Deflater sharedDeflater(int level) {
        Deflater deflater = deflaters[level];
        if (deflater == null) {
            deflater = new Deflater(level, true);
            deflaters[level] = deflater;
        }
        return deflater;
    }

    /** An array of at least {@code size} bytes for input (its contents undefined). */
    byte[] input(int size) {
        if (input.length < size) {
            input = new byte[Math.max(size, 2 * input.length)];
        }
        return input;
    }

    /** The array messages are inflated into, lent to one message at a time (its contents undefined). */
    byte[] inflated() {
        if (inflated == null) {
            inflated = new byte[INFLATED];
        }
        return inflated;
    }

    /** The output array. */
    byte[] output() {
        return output;
    }

    /** Doubles the output array, keeping its contents; returns it. */
    byte[] growOutput() {
        byte[] grown = new byte[2 * output.length];
        System.arraycopy(output, 0, grown, 0, output.length);
        output = grown;
        return grown;
    }

    /** Drops arrays grown beyond {@value #RETAINED} bytes. */
    void trim() {
        if (input.length > RETAINED) {
            input = new byte[INITIAL];
        }
        if (output.length > RETAINED) {
            output = new byte[INITIAL];
        }
    }
}
