package io.gev.spring.autoconfigure;

import io.gev.Handler;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolType;
import org.springframework.util.ClassUtils;

/**
 * The kinds of handler a {@code @GevHandler} bean may be: an engine {@link Handler}, or the handler of a plugin
 * (WebSocket, Protobuf), whose framing it implies. A plugin whose classes are missing (protobuf-java is optional) is
 * never touched.
 */
final class HandlerKinds {

    static final boolean PROTOBUF_PRESENT = ClassUtils.isPresent("com.google.protobuf.Message",
            HandlerKinds.class.getClassLoader());

    private HandlerKinds() {
    }

    /** Whether {@code bean} can serve a gev server. */
    static boolean isHandler(Object bean) {
        return bean instanceof Handler || WebSocketFraming.isHandler(bean)
                || PROTOBUF_PRESENT && ProtobufFraming.isHandler(bean);
    }

    /** The handler types a bean may implement, for error messages. */
    static String describe() {
        return Handler.class.getName() + ", " + WebSocketFraming.HANDLER_TYPE + " or " + ProtobufFraming.HANDLER_TYPE;
    }

    /** The framing a handler implies when {@code gev.protocol.type} is not set. */
    static ProtocolType impliedFraming(Object bean) {
        if (bean instanceof Handler) {
            return ProtocolType.RAW;
        }
        return WebSocketFraming.isHandler(bean) ? ProtocolType.WEBSOCKET : ProtocolType.PROTOBUF;
    }
}
