package io.gev.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Server frames (RFC 6455, section 5.2): final, unmasked, with the shortest length encoding; each encoded into one
 * array, a text straight from its characters; a compressed message's frame has RSV1 set (RFC 7692). Stateless; thread
 * safe.
 */
final class FrameEncoder {

    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final byte[] EMPTY = new byte[0];

    private FrameEncoder() {
    }

    /** A frame of {@code opcode} carrying {@code payload}. */
    static byte[] frame(int opcode, byte[] payload) {
        return assemble(FIN | opcode, payload, payload.length);
    }

    /** A frame of {@code opcode} with RSV1 set, carrying {@code length} compressed bytes of {@code data}. */
    static byte[] compressed(int opcode, byte[] data, int length) {
        return assemble(FIN | RSV1 | opcode, data, length);
    }

    /** A text frame carrying the UTF-8 of {@code text}; an unpaired surrogate becomes {@code '?'}, as in the JDK. */
    static byte[] text(CharSequence text) {
        return text(text, utf8Length(text));
    }

    /** A text frame carrying {@code text}, whose {@link #utf8Length} is {@code length}. */
    static byte[] text(CharSequence text, int length) {
        byte[] out = new byte[headerLength(length) + length];
        encodeUtf8(text, out, writeHeader(out, FIN | Opcode.TEXT, length));
        return out;
    }

    private static byte[] assemble(int b0, byte[] data, int length) {
        byte[] out = new byte[headerLength(length) + length];
        int at = writeHeader(out, b0, length);
        System.arraycopy(data, 0, out, at, length);
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

    /** Writes the header, first byte {@code b0}, at the start of {@code out}; returns its length. */
    private static int writeHeader(byte[] out, int b0, int payloadLength) {
        out[0] = (byte) b0;
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

    /** The length of the UTF-8 of {@code text}, as {@link #encodeUtf8} writes it. */
    static int utf8Length(CharSequence text) {
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

    /** Writes the UTF-8 of {@code text} into {@code out} from {@code at}; an unpaired surrogate becomes '?'. */
    static void encodeUtf8(CharSequence text, byte[] out, int at) {
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
