package io.gev.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Server frames (RFC 6455, section 5.2): final, unmasked, with the shortest length encoding; each encoded into one
 * array, a text straight from its characters. Stateless; thread safe.
 */
final class FrameEncoder {

    private static final int FIN = 0x80;
    private static final byte[] EMPTY = new byte[0];

    private FrameEncoder() {
    }

    /** A frame of {@code opcode} carrying {@code payload}. */
    static byte[] frame(int opcode, byte[] payload) {
        byte[] out = new byte[headerLength(payload.length) + payload.length];
        int at = writeHeader(out, opcode, payload.length);
        System.arraycopy(payload, 0, out, at, payload.length);
        return out;
    }

    /** A text frame carrying the UTF-8 of {@code text}; an unpaired surrogate becomes {@code '?'}, as in the JDK. */
    static byte[] text(CharSequence text) {
        int length = utf8Length(text);
        byte[] out = new byte[headerLength(length) + length];
        encodeUtf8(text, out, writeHeader(out, Opcode.TEXT, length));
        return out;
    }

    /** A close frame with {@code code} and {@code reason}; for {@link CloseCodes#NO_STATUS}, one with no payload. */
    static byte[] close(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return frame(Opcode.CLOSE, EMPTY);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(Opcode.CLOSE, payload);
    }

    private static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes the header at the start of {@code out}; returns its length. */
    private static int writeHeader(byte[] out, int opcode, int payloadLength) {
        out[0] = (byte) (FIN | opcode);
        if (payloadLength < 126) {
            out[1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (payloadLength >>> 8);
            out[3] = (byte) payloadLength;
            return 4;
        }
        out[1] = 127;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) ((long) payloadLength >>> (56 - 8 * i));
        }
        return 10;
    }

    private static int utf8Length(CharSequence text) {
        int n = text.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (isPairAt(text, i)) {
                bytes += 2; // four bytes for two chars
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }
        }
        if (bytes > Integer.MAX_VALUE - 10) {
            throw new IllegalArgumentException("a text of " + bytes + " UTF-8 bytes does not fit a frame");
        }
        return (int) bytes;
    }

    private static void encodeUtf8(CharSequence text, byte[] out, int at) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >>> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (isPairAt(text, i)) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[at++] = (byte) (0xF0 | cp >>> 18);
                out[at++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                out[at++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | c >>> 12);
                out[at++] = (byte) (0x80 | c >>> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    private static boolean isPairAt(CharSequence text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
