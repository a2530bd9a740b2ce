package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply, encoded once when it is made, in RESP2 and in RESP3 (the same bytes where the two agree, as they do for
 * strings, errors, integers and arrays): {@link RespProtocol#pack} sends the encoding of the connection's protocol as
 * it is. Immutable.
 */
public final class RespReply {

    /** {@code +OK}. */
    public static final RespReply OK = simple("OK");
    /** {@code +PONG}. */
    public static final RespReply PONG = simple("PONG");
    /** The null reply: {@code $-1} in RESP2 (redis-cli's {@code (nil)}), {@code _} in RESP3. */
    public static final RespReply NULL = new RespReply(ascii("$-1\r\n"), ascii("_\r\n"));
    /** The null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    public static final RespReply NULL_ARRAY = new RespReply(ascii("*-1\r\n"), ascii("_\r\n"));
    /** An array of no elements, {@code *0}. */
    public static final RespReply EMPTY_ARRAY = new RespReply(ascii("*0\r\n"));

    private static final byte[] CRLF = { '\r', '\n' };

    private final byte[] resp2;
    private final byte[] resp3;

    private RespReply(byte[] both) {
        this(both, both);
    }

    private RespReply(byte[] resp2, byte[] resp3) {
        this.resp2 = resp2;
        this.resp3 = resp3;
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

    /** A bulk string, {@code $len} and the bytes; {@link #NULL} for null. */
    public static RespReply bulk(byte[] value) {
        return value == null ? NULL : new RespReply(lengthPrefixed('$', value));
    }

    /** A bulk string of the ISO-8859-1 bytes of {@code text}; {@link #NULL} for null. */
    public static RespReply bulk(String text) {
        return text == null ? NULL : bulk(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Text for a person to read, such as {@code INFO}'s: a bulk string in RESP2, a verbatim string of format
     * {@code txt} ({@code =len\r\ntxt:...}) in RESP3.
     */
    public static RespReply verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] tagged = new byte[bytes.length + 4];
        System.arraycopy(ascii("txt:"), 0, tagged, 0, 4);
        System.arraycopy(bytes, 0, tagged, 4, bytes.length);
        return new RespReply(lengthPrefixed('$', bytes), lengthPrefixed('=', tagged));
    }

    /** An array, {@code *n} and the elements. */
    public static RespReply array(List<RespReply> elements) {
        return aggregate('*', '*', elements.size(), elements);
    }

    /** A set: an array in RESP2, {@code ~n} in RESP3. */
    public static RespReply set(List<RespReply> elements) {
        return aggregate('*', '~', elements.size(), elements);
    }

    /**
     * A map from keys and values that alternate in {@code keysAndValues}: a flat array of them in RESP2,
     * {@code %n} in RESP3.
     */
    public static RespReply map(List<RespReply> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("a map needs as many values as keys: " + keysAndValues.size());
        }
        int size = keysAndValues.size();
        return new RespReply(concat('*', size, keysAndValues, false), concat('%', size / 2, keysAndValues, true));
    }

    /** The encoding in RESP3 when {@code resp3}, else in RESP2; shared: callers must not change it. */
    byte[] bytes(boolean resp3) {
        return resp3 ? this.resp3 : resp2;
    }

    /** The RESP2 encoding, CR and LF shown as {@code \r} and {@code \n}. */
    @Override
    public String toString() {
        return new String(resp2, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static RespReply aggregate(char type2, char type3, int count, List<RespReply> elements) {
        byte[] resp2 = concat(type2, count, elements, false);
        boolean same = type2 == type3;
        for (int i = 0; same && i < elements.size(); i++) {
            same = elements.get(i).resp2 == elements.get(i).resp3;
        }
        return same ? new RespReply(resp2) : new RespReply(resp2, concat(type3, count, elements, true));
    }

    private static byte[] concat(char type, int count, List<RespReply> elements, boolean resp3) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(type + Integer.toString(count) + "\r\n"));
        for (RespReply element : elements) {
            out.writeBytes(element.bytes(resp3));
        }
        return out.toByteArray();
    }

    private static byte[] lengthPrefixed(char type, byte[] value) {
        byte[] header = ascii(type + Integer.toString(value.length) + "\r\n");
        byte[] out = new byte[header.length + value.length + CRLF.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(value, 0, out, header.length, value.length);
        System.arraycopy(CRLF, 0, out, header.length + value.length, CRLF.length);
        return out;
    }

    private static RespReply line(char type, String text) {
        String oneLine = text.replace('\r', ' ').replace('\n', ' ');
        return new RespReply((type + oneLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
