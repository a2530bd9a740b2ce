package io.gev;

import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;

/** {@link Protocol#raw()}: no framing at all. Stateless. */
final class RawProtocol implements Protocol {

    static final RawProtocol INSTANCE = new RawProtocol();

    private RawProtocol() {
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        return in.isEmpty() ? null : Frame.of(in.readBytes(in.length()));
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        return encode(message);
    }

    /** The bytes of a {@code byte[]} or {@link CharSequence} message; other types are rejected. */
    static byte[] encode(Object message) {
        if (message instanceof byte[] bytes) {
            return bytes;
        }
        if (message instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("the built-in framings send byte[] or CharSequence, not "
                + (message == null ? "null" : message.getClass().getName()));
    }

    /** {@code raw}, the framing's name in the server's log lines. */
    @Override
    public String toString() {
        return "raw";
    }
}
