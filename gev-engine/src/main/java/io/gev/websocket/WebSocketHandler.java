package io.gev.websocket;

/**
 * What a WebSocket server does with its WebSockets: the user's one required piece, turned into a gev
 * {@link io.gev.Handler} by {@link WebSocket#handler(WebSocketHandler)}.
 *
 * <p>All callbacks of one WebSocket run in loop (on its connection's event loop thread), one at a time, and must not
 * block. A callback that throws makes the server close the WebSocket with code 1011 (internal error); the error is
 * logged and counted as a handler error.
 */
@FunctionalInterface
public interface WebSocketHandler {

    /** The opening handshake succeeded; {@code ws} may be used from now on. In loop. */
    default void onOpen(WebSocketConnection ws) {
    }

    /**
     * A whole message arrived (fragmented messages are reassembled first). In loop.
     *
     * @param ws   the WebSocket it came on
     * @param type text (then {@code data} is valid UTF-8) or binary
     * @param data the message
     * @return a reply: a {@link String} or other {@link CharSequence} is sent as a text message, a {@code byte[]} as
     *         a binary one; null sends nothing
     */
    Object onMessage(WebSocketConnection ws, MessageType type, byte[] data);

    /**
     * The WebSocket is closed and its TCP connection with it; called exactly once for every WebSocket that was
     * {@link #onOpen opened}. In loop.
     *
     * @param ws     the closed WebSocket
     * @param code   the code of the peer's close frame ({@link CloseCodes#NO_STATUS} when it carried none); when the
     *               peer sent no close frame, the code this server sent, or {@link CloseCodes#ABNORMAL} when none was
     *               sent either (the TCP connection just ended)
     * @param reason the reason that came with {@code code}, or the empty string
     */
    default void onClose(WebSocketConnection ws, int code, String reason) {
    }
}
