package io.gev.spring.autoconfigure;

import io.gev.protobuf.Protobuf;
import io.gev.protobuf.ProtobufHandler;

/**
 * {@code gev.protocol.type=protobuf}: a ProtobufHandler with the framing {@code gev.protocol.protobuf.framing} names.
 * Loaded only when protobuf-java is present.
 */
final class ProtobufServerFraming {

    static final String HANDLER_TYPE = "io.gev.protobuf.ProtobufHandler";

    private ProtobufServerFraming() {
    }

    static boolean isHandler(Object bean) {
        return bean instanceof ProtobufHandler;
    }

    static ServerFraming of(Object bean, GevProtocolProperties settings, ServerPropertyNames names) {
        ProtobufHandler handler = (ProtobufHandler) bean;
        int max = names.bytes(Framings.MAX_FRAME_LENGTH, settings.getMaxFrameLength());
        return new ServerFraming(Protobuf.handler(handler), names.call("protocol", "protobuf.framing="
                + settings.getProtobuf().getFraming() + ", max-frame-length=" + settings.getMaxFrameLength(),
                () -> settings.getProtobuf().getFraming().protocol(handler, max)));
    }
}
