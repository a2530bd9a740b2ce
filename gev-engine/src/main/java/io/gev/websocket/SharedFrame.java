package io.gev.websocket;

import java.util.Objects;

/**
 * A message encoded once into its WebSocket frame, to send to many WebSockets: a chat line to every member, a price
 * to every subscriber. {@link WebSocketConnection#send(SharedFrame)} hands each recipient the same frame; nothing is
 * encoded or copied per recipient beyond the engine's socket write. The bytes on the wire are those of
 * {@link WebSocketConnection#sendText} or {@link WebSocketConnection#sendBinary} with the same content.
 *
 * <p>Immutable, so thread safe: one frame may be sent from any thread, to WebSockets on any event loop, any number of
 * times. A frame is never compressed: on a WebSocket that negotiated permessage-deflate it goes as an uncompressed
 * message, which RFC 7692 allows.
 */
public final class SharedFrame {

    private final byte[] frame;

    private SharedFrame(byte[] frame) {
        this.frame = frame;
    }

    /** The text message carrying {@code text} as UTF-8 (an unpaired surrogate becomes {@code '?'}). Thread safe. */
    public static SharedFrame text(CharSequence text) {
        return new SharedFrame(FrameEncoder.text(Objects.requireNonNull(text, "text")));
    }

    /** The binary message carrying a copy of {@code data}. Thread safe. */
    public static SharedFrame binary(byte[] data) {
        return new SharedFrame(FrameEncoder.frame(Opcode.BINARY, Objects.requireNonNull(data, "data")));
    }

    /** The frame's length in bytes, header included: what each recipient's socket is written. Thread safe. */
    public int length() {
        return frame.length;
    }

    /** The encoded frame itself, not a copy: the engine only reads it. */
    byte[] bytes() {
        return frame;
    }

    @Override
    public String toString() {
        return "SharedFrame[" + frame.length + " bytes]";
    }
}
