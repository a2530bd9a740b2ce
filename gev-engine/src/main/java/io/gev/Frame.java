package io.gev;

/**
 * One message cut out of the byte stream by {@link Protocol#unpack}: a payload and an optional context (a header, a
 * message type, anything the protocol wants the handler to see).
 *
 * @param context protocol-specific context handed to {@link Handler#onMessage}, or null
 * @param data    the payload
 */
public record Frame(Object context, byte[] data) {

    /** A frame without context. */
    public static Frame of(byte[] data) {
        return new Frame(null, data);
    }
}
