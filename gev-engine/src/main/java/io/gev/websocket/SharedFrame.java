package io.gev.websocket;

import java.util.Objects;

/**
 * A message encoded once into its WebSocket frame, to send to many WebSockets: a chat line to every member, a price
 * to every subscriber. {@link WebSocketConnection#send(SharedFrame)} hands each recipient the same frame; nothing is
 * encoded or copied per recipient beyond the engine's socket write. Uncompressed, the bytes on the wire are those of
 * {@link WebSocketConnection#sendText} or {@link WebSocketConnection#sendBinary} with the same content.
 *
 * <p>On WebSockets that agreed permessage-deflate, a message of at least the minimum size goes compressed: compressed
 * once, at the first such recipient (at its server's level), on its own (with no context before it, so the same
 * bytes suit every recipient, RFC 7692 allowing a server to drop its context at any message), and that form is kept
 * for the others. A recipient that asked for a server window smaller than the JDK's 15 bits gets it only when the
 * message is no longer than its window, else the plain frame. A recipient that keeps a context restarts it after a
 * shared frame (its next message is compressed without one).
 *
 * <p>Thread safe: one frame may be sent from any thread, to WebSockets on any event loop, any number of times. Two
 * loops may compress a frame at the same moment; either result is kept, both being valid.
 */
public final class SharedFrame {

    private final byte[] frame;
    /** The frame compressed on its own, made at its first compressing recipient. */
    private volatile byte[] compressed;

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

    /** The length of the message the frame carries. */
    int payloadLength() {
        return frame.length - headerLength();
    }

    /** The frame of the message compressed on its own (at {@code level} if it is made now). Loop thread only. */
    byte[] compressed(int level) {
        byte[] made = compressed;
        if (made == null) {
            made = MessageDeflater.compressAlone(frame[0] & 0xF, frame, headerLength(), payloadLength(), level);
            compressed = made;
        }
        return made;
    }

    private int headerLength() {
        int length7 = frame[1] & 0x7F;
        return length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
    }

    @Override
    public String toString() {
        return "SharedFrame[" + frame.length + " bytes]";
    }
}
