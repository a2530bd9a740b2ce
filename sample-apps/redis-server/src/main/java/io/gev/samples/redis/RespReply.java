package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One RESP2 reply, encoded once when it is made: {@link RespProtocol#pack} sends its bytes as they are. Immutable.
 */
public final class RespReply {

    /** {@code +OK}. */
    public static final RespReply OK = simple("OK");
    /** {@code +PONG}. */
    public static final RespReply PONG = simple("PONG");
    /** The null bulk string, {@code $-1}: what redis-cli shows as {@code (nil)}. */
    public static final RespReply NULL_BULK = new RespReply(ascii("$-1\r\n"));
    /** An array of no elements, {@code *0}. */
    public static final RespReply EMPTY_ARRAY = new RespReply(ascii("*0\r\n"));

    private static final byte[] CRLF = { '\r', '\n' };

    private final byte[] bytes;

    private RespReply(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A simple string, {@code +text}; CR and LF in {@code text} become spaces. */
    public static RespReply simple(String text) {
        return line('+', text);
    }

    /** An error, {@code -message}, the message starting with its code ({@code ERR ...}); CR and LF become spaces. */
    public static RespReply error(String message) {
        return line('-', message);
    }

    /** An integer, {@code :n}. */
    public static RespReply integer(long n) {
        return line(':', Long.toString(n));
    }

    /** A bulk string, {@code $len} and the bytes; {@link #NULL_BULK} for null. */
    public static RespReply bulk(byte[] value) {
        if (value == null) {
            return NULL_BULK;
        }
        byte[] header = ascii("$" + value.length + "\r\n");
        byte[] out = new byte[header.length + value.length + CRLF.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(value, 0, out, header.length, value.length);
        System.arraycopy(CRLF, 0, out, header.length + value.length, CRLF.length);
        return new RespReply(out);
    }

    /** A bulk string of the ISO-8859-1 bytes of {@code text}. */
    public static RespReply bulk(String text) {
        return bulk(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An array, {@code *n} and the elements. */
    public static RespReply array(List<RespReply> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("*" + elements.size() + "\r\n"));
        for (RespReply element : elements) {
            out.writeBytes(element.bytes);
        }
        return new RespReply(out.toByteArray());
    }

    /** The encoded reply, shared: callers must not change it. */
    byte[] bytes() {
        return bytes;
    }

    /** The reply as RESP text, CR and LF shown as {@code \r} and {@code \n}. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static RespReply line(char type, String text) {
        String oneLine = text.replace('\r', ' ').replace('\n', ' ');
        return new RespReply((type + oneLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
