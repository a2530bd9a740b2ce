package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.Handler;

/**
 * {@link Protobuf#handler}: the engine's {@link Handler} in front of a {@link ProtobufHandler}, handing it the message
 * the protobuf framings parsed into each frame's context. Stateless; called on the connection's loop thread.
 */
final class ProtobufHandlerAdapter implements Handler {

    private final ProtobufHandler handler;

    ProtobufHandlerAdapter(ProtobufHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onConnect(Connection connection) {
        handler.onConnect(connection);
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        if (context instanceof Message message) {
            return handler.onMessage(connection, message);
        }
        throw new IllegalStateException("a ProtobufHandler needs a protobuf framing (Protobuf.envelope or "
                + "Protobuf.varint), but the frame carried " + (context == null ? "no message" : context.getClass()));
    }

    @Override
    public void onClose(Connection connection) {
        handler.onClose(connection);
    }
}
