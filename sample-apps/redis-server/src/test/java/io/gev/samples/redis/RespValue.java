package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One RESP2 or RESP3 reply as read off a socket: its type byte, its exact bytes, and its elements when it is an
 * aggregate (array, set, map, push, attribute), for tests that compare replies byte for byte or as unordered sets.
 *
 * @param type     the type byte ({@code + - : $ * _ , # ( = % ~ > |})
 * @param raw      every byte of it, as ISO-8859-1 text
 * @param elements its elements (a map's keys and values alternate); empty for a scalar
 */
record RespValue(char type, String raw, List<RespValue> elements) {

    /** Reads one whole reply from {@code in}; the stream's read timeout bounds the wait. */
    static RespValue read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String line = line(in, raw);
        char type = line.charAt(0);
        String header = line.substring(1);
        List<RespValue> elements = new ArrayList<>();
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(header);
                if (length >= 0) {
                    byte[] body = in.readNBytes(length + 2);
                    if (body.length != length + 2) {
                        throw new IOException("end of stream inside a bulk string");
                    }
                    raw.writeBytes(body);
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(header) * (type == '%' || type == '|' ? 2 : 1);
                for (int i = 0; i < count; i++) {
                    RespValue element = read(in);
                    raw.writeBytes(element.raw.getBytes(StandardCharsets.ISO_8859_1));
                    elements.add(element);
                }
            }
            default -> {
                // a one-line reply: + - : _ , # (
            }
        }
        return new RespValue(type, raw.toString(StandardCharsets.ISO_8859_1), elements);
    }

    /** The bytes as text with CR and LF shown as {@code \r} and {@code \n}, for messages. */
    String shown() {
        return raw.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** The value of a bulk or simple string, or of an integer, as text. */
    String text() {
        int start = raw.indexOf("\r\n");
        return type == '$' ? raw.substring(start + 2, raw.length() - 2) : raw.substring(1, start);
    }

    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream after '" + line + "'");
            }
            raw.write(b);
            if (previous == '\r' && b == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
            previous = b;
        }
    }
}
