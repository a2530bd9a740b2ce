package io.gev.spring.autoconfigure;

import io.gev.Handler;
import io.gev.Protocol;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolSettings;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolType;

/**
 * The engine handler and protocol a server runs with, from its {@code @GevHandler} bean, its {@code @GevProtocol} bean
 * (which wins) and {@code gev.protocol.*}. Unset, the type follows the handler: websocket for a WebSocketHandler,
 * protobuf for a ProtobufHandler, raw otherwise.
 *
 * @param handler  the engine handler (the bean itself, or a plugin's adapter around it)
 * @param protocol the framing
 */
record ServerFraming(Handler handler, Protocol protocol) {

    /**
     * Resolves the framing of {@code definition}.
     *
     * @throws IllegalStateException when the handler does not fit the framing (the message says what would)
     */
    static ServerFraming resolve(GevServerDefinition definition, ProtocolSettings settings, String prefix) {
        Object bean = definition.handler();
        if (definition.protocol() != null) {
            return new ServerFraming(engineHandler(definition, "a @GevProtocol bean"), definition.protocol());
        }
        ProtocolType type = settings.getType() != null ? settings.getType() : HandlerKinds.impliedFraming(bean);
        String setting = typeSetting(prefix, type);
        return switch (type) {
            case WEBSOCKET -> {
                require(WebSocketFraming.isHandler(bean), definition, setting, WebSocketFraming.HANDLER_TYPE);
                yield WebSocketFraming.of(bean, settings);
            }
            case PROTOBUF -> {
                if (!HandlerKinds.PROTOBUF_PRESENT) {
                    throw new IllegalStateException(setting + " needs com.google.protobuf:protobuf-java on the class path");
                }
                require(ProtobufFraming.isHandler(bean), definition, setting, ProtobufFraming.HANDLER_TYPE);
                yield ProtobufFraming.of(bean, settings);
            }
            default -> new ServerFraming(engineHandler(definition, setting), Framings.of(type, settings));
        };
    }

    /**
     * Checks that {@code definition} can serve datagrams ({@code transport=udp}): a datagram is a message already, so
     * it needs an engine {@link Handler}, and the raw framing or a {@code @GevProtocol} bean (which only packs the
     * replies).
     *
     * @throws IllegalStateException when it cannot (the message says what would)
     */
    static void requireDatagramFraming(GevServerDefinition definition, ProtocolSettings settings, String prefix) {
        String udp = prefix + ".transport=udp";
        if (!(definition.handler() instanceof Handler)) {
            throw new IllegalStateException(udp + " hands each datagram to " + Handler.class.getName()
                    + ".onMessage, but bean '" + definition.handlerBeanName() + "' is a "
                    + definition.handler().getClass().getName() + ". Implement " + Handler.class.getName()
                    + ", or serve it over TCP.");
        }
        ProtocolType type = settings.getType();
        if (definition.protocol() == null && type != null && type != ProtocolType.RAW) {
            throw new IllegalStateException(typeSetting(prefix, type) + " frames a byte stream, but with " + udp
                    + " every datagram is one message. Leave " + prefix + ".protocol.type unset (raw), or give a"
                    + " @GevProtocol bean to pack the replies.");
        }
    }

    private static String typeSetting(String prefix, ProtocolType type) {
        return prefix + ".protocol.type=" + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Handler engineHandler(GevServerDefinition definition, String framing) {
        require(definition.handler() instanceof Handler, definition, framing, Handler.class.getName());
        return (Handler) definition.handler();
    }

    private static void require(boolean fits, GevServerDefinition definition, String framing, String handlerType) {
        if (!fits) {
            throw new IllegalStateException(framing + " needs a @GevHandler implementing " + handlerType + ", but bean '"
                    + definition.handlerBeanName() + "' is a " + definition.handler().getClass().getName()
                    + ". Set the framing that fits the handler, or implement " + handlerType + ".");
        }
    }
}
