package io.gev.websocket;

/** The kind of a WebSocket data message: UTF-8 text or binary. */
public enum MessageType {
    /** A text message; its bytes are valid UTF-8 (the server checks before delivering it). */
    TEXT,
    /** A binary message. */
    BINARY
}
