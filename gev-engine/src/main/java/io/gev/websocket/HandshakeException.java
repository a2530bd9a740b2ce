package io.gev.websocket;

import io.gev.codec.FrameException;

/**
 * A malformed or oversized opening handshake request: the server answers with {@link #reply()} and closes the
 * connection, which the engine logs with this message and counts as a decode error.
 */
final class HandshakeException extends FrameException {

    private static final long serialVersionUID = 1L;

    private final transient HttpReply reply;

    private HandshakeException(int status, String reason, String detail) {
        super("bad WebSocket handshake: " + detail);
        this.reply = HttpReply.text(status, reason, detail + "\n");
    }

    static HandshakeException badRequest(String detail) {
        return new HandshakeException(400, "Bad Request", detail);
    }

    static HandshakeException tooLarge(String detail) {
        return new HandshakeException(431, "Request Header Fields Too Large", detail);
    }

    HttpReply reply() {
        return reply;
    }
}
