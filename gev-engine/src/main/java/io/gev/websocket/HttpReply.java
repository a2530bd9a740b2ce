package io.gev.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A plain HTTP response the server sends instead of upgrading (a page, or the refusal of an upgrade), after which it
 * closes the connection. Immutable; thread safe.
 */
public final class HttpReply {

    private final int status;
    private final String reason;
    private final String contentType;
    private final byte[] body;

    /**
     * A reply with the given status line and body. Thread safe.
     *
     * @param status      the status code, 200 to 599
     * @param reason      the reason phrase of the status line, for example {@code Forbidden}
     * @param contentType the Content-Type header
     * @param body        the body (copied)
     * @throws IllegalArgumentException when the status is out of range or a text holds a character an HTTP header
     *                                  may not (a control character or one beyond ASCII)
     */
    public HttpReply(int status, String reason, String contentType, byte[] body) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be between 200 and 599: " + status);
        }
        this.status = status;
        this.reason = headerText(reason, "reason");
        this.contentType = headerText(contentType, "contentType");
        this.body = body.clone();
    }

    /** A reply with a UTF-8 {@code text/plain} body. Thread safe. */
    public static HttpReply text(int status, String reason, String text) {
        return new HttpReply(status, reason, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code 200 OK} reply with a UTF-8 {@code text/html} body. Thread safe. */
    public static HttpReply html(String html) {
        return new HttpReply(200, "OK", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** The status code. Thread safe. */
    public int status() {
        return status;
    }

    /** The reason phrase. Thread safe. */
    public String reason() {
        return reason;
    }

    /** The Content-Type. Thread safe. */
    public String contentType() {
        return contentType;
    }

    /** A copy of the body. Thread safe. */
    public byte[] body() {
        return body.clone();
    }

    /** The whole response: status line, headers ({@code Connection: close}, then {@code extraHeaders}), body. */
    byte[] encode(String extraHeaders) {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + extraHeaders
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " " + reason + ", " + contentType + ", " + body.length + " bytes]";
    }

    private static String headerText(String value, String name) {
        Objects.requireNonNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c > 0x7E) && c != '\t') {
                throw new IllegalArgumentException(name + " holds a character not allowed in an HTTP header: " + value);
            }
        }
        return value;
    }
}
