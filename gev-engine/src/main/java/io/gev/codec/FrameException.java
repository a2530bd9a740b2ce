package io.gev.codec;

/**
 * Malformed or oversized input: thrown by a decoder, it closes that connection (queued output is flushed first), is
 * logged with this message and counted as a decode error; nothing else is disturbed.
 */
public class FrameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A frame error with a message that says what was wrong. */
    public FrameException(String message) {
        super(message);
    }

    /** Returns a configured maximum frame length, or throws {@link IllegalArgumentException} if it is not positive. */
    static int checkMaxFrameLength(int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        return maxFrameLength;
    }
}
