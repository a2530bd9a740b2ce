package io.gev;

import io.gev.buffer.RingBuffer;

/**
 * The unpack loop: the rules by which a {@link Protocol}'s frames are cut from the bytes received, in one place for
 * the engine's byte path and for the test fixture that drives protocols without a socket. Frames are cut while the
 * input holds bytes and the sink takes them; the loop stops at a frame the protocol cannot cut yet (null), when the
 * connection stops being open (a frame cut while the protocol closed it is dropped), or when the sink stops taking
 * frames (back-pressure: the rest stays in the input). A protocol that throws, or returns a frame without consuming
 * input, fails the loop.
 *
 * <p>Not thread safe, but in loop (the connection's).
 */
final class Unpacker {

    private Unpacker() {
    }

    /** Where the frames go, and what may stop the loop. */
    interface Sink {

        /** Whether the next frame may be cut now; false stops the loop and leaves the rest in the input. */
        boolean wantsFrame();

        /** Whether the connection still takes frames: a protocol may close it while unpacking. */
        boolean isOpen();

        /** A whole frame, cut from the input. */
        void accept(Frame frame);

        /** The protocol threw {@code failure}, or broke the contract of {@link Protocol#unpack}. */
        void failed(Throwable failure);
    }

    /**
     * Cuts frames from {@code in} with {@code protocol} for {@code connection} and hands them to {@code sink}, by the
     * rules above. Returns true when the sink stopped the loop before a frame (input may be left), false otherwise.
     * In loop.
     */
    static boolean unpack(Protocol protocol, Connection connection, RingBuffer in, Sink sink) {
        while (sink.isOpen()) {
            if (!sink.wantsFrame()) {
                return true;
            }
            int before = in.length();
            if (before == 0) {
                return false; // no frame can come out of no bytes
            }
            Frame frame;
            try {
                frame = protocol.unpack(connection, in);
            } catch (Throwable t) {
                sink.failed(t);
                return false;
            }
            if (frame == null || !sink.isOpen()) {
                return false; // no frame yet, or the protocol closed the connection while unpacking it
            }
            if (in.length() >= before) {
                sink.failed(new IllegalStateException("protocol returned a frame without consuming input"));
                return false;
            }
            sink.accept(frame);
        }
        return false;
    }
}
