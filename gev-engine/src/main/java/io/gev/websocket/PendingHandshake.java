package io.gev.websocket;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.HandshakeTimeoutException;
import io.gev.Timer;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A connection before its opening handshake (RFC 6455, section 4.2): waits, for at most the handshake timeout, for the
 * request head (which may arrive in pieces), then answers it. A valid upgrade that passes the origin check and the
 * upgrade filter gets {@code 101 Switching Protocols} and a {@link WebSocketSession}, which takes over the bytes after
 * the head; a plain GET goes to the {@link PlainHttpHandler}; anything else gets an HTTP error and is closed. Lives in
 * the connection's protocol context. Not thread safe; in loop.
 */
final class PendingHandshake {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] EMPTY = new byte[0];
    private static final HttpReply UPGRADE_REQUIRED =
            HttpReply.text(426, "Upgrade Required", "this is a WebSocket (version 13) endpoint\n");
    private static final String UPGRADE_REQUIRED_HEADERS = "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n";
    private static final HttpReply METHOD_NOT_ALLOWED = HttpReply.text(405, "Method Not Allowed", "only GET\n");
    private static final HttpReply FORBIDDEN = HttpReply.text(403, "Forbidden", "origin not allowed\n");
    private static final HttpReply NOT_FOUND = HttpReply.text(404, "Not Found", "not found\n");

    private final Connection connection;
    private final WebSocketOptions options;
    private final Timer timeout;
    /** Bytes of the input already searched for the end of the head. */
    private int scanned;

    /** Starts the handshake timeout of {@code connection}. */
    PendingHandshake(Connection connection, WebSocketOptions options) {
        this.connection = connection;
        this.options = options;
        this.timeout = connection.runAfter(options.handshakeTimeout(), () -> {
            throw new HandshakeTimeoutException("WebSocket upgrade not done within " + options.handshakeTimeout());
        });
    }

    /**
     * Answers the request once its head is in {@code in}. Returns a frame whose context is the new
     * {@link WebSocketSession} when the upgrade succeeded, else null (the request is not whole yet, or it was
     * answered and the connection is closing).
     */
    Frame unpack(RingBuffer in) {
        try {
            int end = endOfHead(in);
            if (end < 0) {
                return null;
            }
            timeout.cancel();
            return answer(HttpRequestHead.parse(in.readBytes(end)));
        } catch (HandshakeException e) {
            connection.send(new Outbound.Raw(e.reply().encode("")));
            throw e;
        }
    }

    /** The length of the head (through its empty line) at the start of {@code in}, or -1 when it is not all there. */
    private int endOfHead(RingBuffer in) {
        for (int i = in.indexOf((byte) '\n', scanned); i >= 0; i = in.indexOf((byte) '\n', i + 1)) {
            if (i >= options.maxHandshakeSize()) {
                break;
            }
            if (i >= 3 && in.peekByte(i - 1) == '\r' && in.peekByte(i - 2) == '\n' && in.peekByte(i - 3) == '\r') {
                return i + 1;
            }
        }
        scanned = in.length();
        if (scanned >= options.maxHandshakeSize()) {
            throw HandshakeException.tooLarge("request head over " + options.maxHandshakeSize() + " bytes");
        }
        return -1;
    }

    private Frame answer(HttpRequestHead request) {
        if (!request.method().equals("GET")) {
            return replyAndClose(METHOD_NOT_ALLOWED, "Allow: GET\r\n");
        }
        if (!request.hasToken("Upgrade", "websocket")) {
            PlainHttpHandler pages = options.plainHttpHandler();
            if (pages == null) {
                return replyAndClose(UPGRADE_REQUIRED, UPGRADE_REQUIRED_HEADERS);
            }
            HttpReply page = pages.handle(request.target(), request.headers());
            return replyAndClose(page != null ? page : NOT_FOUND, "");
        }
        String key = checkUpgrade(request);
        if (key == null) {
            return replyAndClose(UPGRADE_REQUIRED, UPGRADE_REQUIRED_HEADERS);
        }
        if (!options.originCheck().test(request.header("Origin"))) {
            return replyAndClose(FORBIDDEN, "");
        }
        HttpReply refusal = options.upgradeFilter().check(request.target(), request.headers());
        if (refusal != null) {
            return replyAndClose(refusal, "");
        }
        String subprotocol = negotiate(request.header("Sec-WebSocket-Protocol"));
        DeflateAgreement deflate = DeflateAgreement.negotiate(
                ExtensionOffer.parse(request.header("Sec-WebSocket-Extensions")), options);
        connection.send(new Outbound.Raw(switchingProtocols(acceptKey(key), subprotocol, deflate)));
        WebSocketSession session = new WebSocketSession(connection, options, request, subprotocol, deflate);
        connection.setProtocolContext(session);
        return new Frame(session, EMPTY);
    }

    /**
     * Checks the upgrade headers; returns the Sec-WebSocket-Key, or null when the client speaks another version of
     * the protocol. A malformed upgrade throws.
     */
    private static String checkUpgrade(HttpRequestHead request) {
        if (!request.version().equals("HTTP/1.1")) {
            throw HandshakeException.badRequest("a WebSocket upgrade needs HTTP/1.1");
        }
        if (request.header("Host") == null) {
            throw HandshakeException.badRequest("missing Host header");
        }
        if (!request.hasToken("Connection", "upgrade")) {
            throw HandshakeException.badRequest("the Connection header does not list upgrade");
        }
        if (!"13".equals(request.header("Sec-WebSocket-Version"))) {
            return null;
        }
        String key = request.header("Sec-WebSocket-Key");
        if (key == null || !isKey(key)) {
            throw HandshakeException.badRequest("Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return key;
    }

    private static boolean isKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The first subprotocol the client offers (in its order of preference) that this server speaks, or null. */
    private String negotiate(String offered) {
        if (offered == null) {
            return null;
        }
        for (String name : offered.split(",")) {
            String candidate = name.strip();
            if (options.subprotocols().contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private Frame replyAndClose(HttpReply reply, String extraHeaders) {
        connection.send(new Outbound.Raw(reply.encode(extraHeaders)));
        connection.close();
        return null;
    }

    /** The Sec-WebSocket-Accept value for {@code key}: base64 of the SHA-1 of the key and the protocol's GUID. */
    static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static byte[] switchingProtocols(String accept, String subprotocol, DeflateAgreement deflate) {
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (subprotocol != null ? "Sec-WebSocket-Protocol: " + subprotocol + "\r\n" : "")
                + (deflate != null ? "Sec-WebSocket-Extensions: " + deflate.responseHeader() + "\r\n" : "")
                + "\r\n";
        return response.getBytes(StandardCharsets.US_ASCII);
    }
}
