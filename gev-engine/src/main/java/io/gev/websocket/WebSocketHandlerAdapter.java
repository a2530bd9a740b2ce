package io.gev.websocket;

import io.gev.Connection;
import io.gev.Handler;

/**
 * {@link WebSocket#handler}: turns the frames of a {@link WebSocketProtocol} into {@link WebSocketHandler} calls. A
 * WebSocket is opened when the frame announcing it arrives on a connection still connected, and closed (with the code
 * its session recorded, its compressor freed) when its connection closes. A callback that throws sends close 1011
 * before the engine closes the connection. In loop.
 */
final class WebSocketHandlerAdapter implements Handler {

    private final WebSocketHandler handler;

    WebSocketHandlerAdapter(WebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        if (context instanceof WebSocketSession opened) {
            if (connection.isConnected()) {
                opened.markOpened();
                try {
                    handler.onOpen(opened);
                } catch (RuntimeException | Error e) {
                    opened.close(CloseCodes.INTERNAL_ERROR, "");
                    throw e;
                }
            }
            return null;
        }
        WebSocketSession session = (WebSocketSession) connection.protocolContext();
        try {
            return handler.onMessage(session, (MessageType) context, data);
        } catch (RuntimeException | Error e) {
            session.close(CloseCodes.INTERNAL_ERROR, "");
            throw e;
        }
    }

    @Override
    public void onClose(Connection connection) {
        if (connection.protocolContext() instanceof WebSocketSession session) {
            session.release();
            if (session.isOpened()) {
                handler.onClose(session, session.closeCode(), session.closeReason());
            }
        }
    }
}
