package io.gev.websocket;

/**
 * The messages, besides texts and byte arrays, that this package hands to {@link io.gev.Connection#send} for
 * {@link WebSocketProtocol#pack} to encode.
 */
final class Outbound {

    private Outbound() {
    }

    /** Bytes sent as they are: the HTTP response of the opening handshake. */
    record Raw(byte[] bytes) {
    }

    /** A text message already encoded as valid UTF-8. */
    record Utf8Text(byte[] utf8) {
    }

    /** A ping or pong frame. */
    record Control(int opcode, byte[] payload) {
    }

    /** A close frame; sending it starts the closing handshake. */
    record Close(int code, String reason) {
    }
}
