package io.gev.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request line and headers of an HTTP/1.x request (RFC 9112), strictly parsed: lines end with CRLF, header names
 * are tokens, no line folding, no control characters. Header lookups ignore case.
 *
 * @param method  the method, for example {@code GET}
 * @param target  the request target as sent, path and query
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param headers the headers, unmodifiable, looked up ignoring case; repeated ones joined with {@code ", "}
 */
record HttpRequestHead(String method, String target, String version, Map<String, String> headers) {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    /** Parses a head that ends with its empty line; malformed input throws a 400 {@link HandshakeException}. */
    static HttpRequestHead parse(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, text.length() - 4).split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !isToken(requestLine[0]) || !isVisibleAscii(requestLine[1])
                || !requestLine[2].equals("HTTP/1.1") && !requestLine[2].equals("HTTP/1.0")) {
            throw HandshakeException.badRequest("malformed request line");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon < 0 || !isToken(line.substring(0, colon))) {
                throw HandshakeException.badRequest("malformed header line");
            }
            String value = line.substring(colon + 1).strip();
            if (!isFieldValue(value)) {
                throw HandshakeException.badRequest("control character in a header value");
            }
            headers.merge(line.substring(0, colon), value, (earlier, later) -> earlier + ", " + later);
        }
        return new HttpRequestHead(requestLine[0], requestLine[1], requestLine[2],
                Collections.unmodifiableMap(headers));
    }

    /** Whether {@code s} is a non-empty HTTP token (RFC 9110, section 5.6.2). */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} may be part of an HTTP token. */
    static boolean isTokenChar(char c) {
        boolean alphanumeric = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        return alphanumeric || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean isVisibleAscii(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The value of header {@code name}, or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** Whether the comma-separated header {@code name} lists {@code token}, ignoring case. */
    boolean hasToken(String name, String token) {
        String value = headers.get(name);
        if (value == null) {
            return false;
        }
        for (String element : value.split(",")) {
            if (element.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
