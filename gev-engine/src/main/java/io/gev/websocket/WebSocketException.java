package io.gev.websocket;

import io.gev.codec.FrameException;

/**
 * A peer broke RFC 6455 or a limit: the server sends a close frame with {@link #closeCode()} and closes the
 * connection, which the engine logs with this message and counts as a decode error.
 */
final class WebSocketException extends FrameException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    static WebSocketException protocolError(String message) {
        return new WebSocketException(CloseCodes.PROTOCOL_ERROR, message);
    }

    int closeCode() {
        return closeCode;
    }
}
