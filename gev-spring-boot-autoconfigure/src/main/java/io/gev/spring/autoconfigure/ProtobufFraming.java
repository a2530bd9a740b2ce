package io.gev.spring.autoconfigure;

import io.gev.protobuf.Protobuf;
import io.gev.protobuf.ProtobufHandler;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolSettings;

/** {@code gev.protocol.type=protobuf}: a ProtobufHandler with its framing. Loaded only when protobuf-java is present. */
final class ProtobufFraming {

    static final String HANDLER_TYPE = "io.gev.protobuf.ProtobufHandler";

    private ProtobufFraming() {
    }

    static boolean isHandler(Object bean) {
        return bean instanceof ProtobufHandler;
    }

    static ServerFraming of(Object bean, ProtocolSettings settings) {
        ProtobufHandler handler = (ProtobufHandler) bean;
        int max = (int) settings.getMaxFrameLength().toBytes();
        return new ServerFraming(Protobuf.handler(handler),
                switch (settings.getProtobuf().getFraming()) {
                    case ENVELOPE -> Protobuf.envelope(handler, max);
                    case VARINT -> Protobuf.varint(handler, max);
                });
    }
}
