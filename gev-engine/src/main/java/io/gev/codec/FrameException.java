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
}
