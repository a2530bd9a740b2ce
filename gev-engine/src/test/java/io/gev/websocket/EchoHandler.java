package io.gev.websocket;

import io.gev.GevServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Echoes every message (text as a String, binary as bytes) and records what the server told it, for tests; and
 * starts servers on 127.0.0.1 with one loop.
 */
class EchoHandler implements WebSocketHandler {

    /** One {@link #onClose} call. */
    record Closed(WebSocketConnection ws, int code, String reason) {
    }

    final List<WebSocketConnection> opened = new CopyOnWriteArrayList<>();
    final List<Closed> closed = new CopyOnWriteArrayList<>();

    static GevServer start(WebSocketOptions options, WebSocketHandler handler) {
        GevServer server = GevServer.builder(WebSocket.handler(handler)).address("127.0.0.1", 0).loops(1)
                .protocol(WebSocket.protocol(options)).build();
        server.start();
        return server;
    }

    static GevServer start(WebSocketOptions options) {
        return start(options, new EchoHandler());
    }

    static GevServer start() {
        return start(WebSocketOptions.defaults());
    }

    @Override
    public void onOpen(WebSocketConnection ws) {
        opened.add(ws);
    }

    @Override
    public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
        return type == MessageType.TEXT ? new String(data, StandardCharsets.UTF_8) : data;
    }

    @Override
    public void onClose(WebSocketConnection ws, int code, String reason) {
        closed.add(new Closed(ws, code, reason));
    }
}
