package io.gev.websocket;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;

/**
 * {@link WebSocket#protocol}: a connection starts as a {@link PendingHandshake} and, once upgraded, is a
 * {@link WebSocketSession}; both live in its protocol context. Frames handed to the handler carry a
 * {@link MessageType}, except the one announcing a new WebSocket, which carries its session. Stateless itself: one
 * instance serves every connection. In loop.
 */
final class WebSocketProtocol implements Protocol {

    private final WebSocketOptions options;

    WebSocketProtocol(WebSocketOptions options) {
        this.options = options;
    }

    @Override
    public void onConnect(Connection connection) {
        connection.setProtocolContext(new PendingHandshake(connection, options));
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        Object state = connection.protocolContext();
        if (state instanceof WebSocketSession session) {
            return session.unpack(in);
        }
        return ((PendingHandshake) state).unpack(in);
    }

    /** An open WebSocket gets close 1001 "going away" before the server closes its connection. */
    @Override
    public void onServerStop(Connection connection) {
        if (connection.protocolContext() instanceof WebSocketSession session) {
            session.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        if (message instanceof Outbound.Raw raw) {
            return raw.bytes();
        }
        if (connection.protocolContext() instanceof WebSocketSession session) {
            return session.encode(message);
        }
        throw new IllegalStateException("nothing but the handshake response can be sent before the handshake");
    }

    /** {@code websocket}, the framing in the server's log lines. */
    @Override
    public String toString() {
        return "websocket";
    }
}
