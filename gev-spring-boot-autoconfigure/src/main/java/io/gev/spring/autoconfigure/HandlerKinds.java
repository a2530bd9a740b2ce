package io.gev.spring.autoconfigure;

import io.gev.Handler;
import io.gev.spring.autoconfigure.GevProtocolProperties.Type;
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
        return bean instanceof Handler || WebSocketServerFraming.isHandler(bean)
                || PROTOBUF_PRESENT && ProtobufServerFraming.isHandler(bean);
    }

    /** The handler types a bean may implement, for error messages. */
    static String describe() {
        return Handler.class.getName() + ", " + WebSocketServerFraming.HANDLER_TYPE + " or "
                + ProtobufServerFraming.HANDLER_TYPE;
    }

    /** The framing a handler implies when {@code gev.protocol.type} is not set. */
    static Type impliedFraming(Object bean) {
        if (bean instanceof Handler) {
            return Type.RAW;
        }
        return WebSocketServerFraming.isHandler(bean) ? Type.WEBSOCKET : Type.PROTOBUF;
    }
}
