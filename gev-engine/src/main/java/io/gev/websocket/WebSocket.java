package io.gev.websocket;

import io.gev.Handler;
import io.gev.Protocol;

/**
 * The entry point of the WebSocket plugin: the two pieces a gev server needs to speak RFC 6455.
 *
 * <pre>{@code
 * GevServer server = GevServer.builder(WebSocket.handler((ws, type, data) -> data))
 *         .protocol(WebSocket.protocol(WebSocketOptions.defaults()))
 *         .build();
 * }</pre>
 *
 * The handler works only with this protocol: it finds each connection's WebSocket in
 * {@link io.gev.Connection#protocolContext()}. Thread safe.
 */
public final class WebSocket {

    private WebSocket() {
    }

    /**
     * The server side of RFC 6455 with {@code options}: opening handshake (and plain HTTP answers), frames, fragments,
     * pings, the closing handshake and the limits. One instance serves every connection of a server. Thread safe.
     */
    public static Protocol protocol(WebSocketOptions options) {
        return new WebSocketProtocol(options);
    }

    /** The gev handler that calls {@code handler} for the WebSockets of a {@link #protocol} server. Thread safe. */
    public static Handler handler(WebSocketHandler handler) {
        return new WebSocketHandlerAdapter(handler);
    }
}
