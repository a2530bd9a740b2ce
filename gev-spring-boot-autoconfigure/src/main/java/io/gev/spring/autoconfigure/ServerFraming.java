package io.gev.spring.autoconfigure;

import io.gev.Handler;
import io.gev.Protocol;
import io.gev.spring.autoconfigure.GevProtocolProperties.Type;
import java.util.Locale;

/**
 * The engine handler and protocol a server runs with, from its {@code @GevHandler} bean, its {@code @GevProtocol} bean
 * (which wins) and {@code gev.protocol.*}. Unset, the type follows the handler: websocket for a WebSocketHandler,
 * protobuf for a ProtobufHandler, raw otherwise. A UDP server ({@code transport=udp}) takes an engine handler with the
 * raw framing or a {@code @GevProtocol} bean.
 *
 * @param handler  the engine handler (the bean itself, or a plugin's adapter around it)
 * @param protocol the framing
 */
record ServerFraming(Handler handler, Protocol protocol) {

    /**
     * Resolves the framing of {@code definition} with {@code settings}, the properties under {@code prefix}.
     *
     * @throws IllegalStateException when the handler does not fit the framing or the transport (the message says
     *                               what would)
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException when the
     *         engine refuses a {@code protocol.*} value
     */
    static ServerFraming resolve(GevServerDefinition definition, GevServerProperties settings, String prefix) {
        GevProtocolProperties protocol = settings.getProtocol();
        if (settings.getTransport() == GevServerProperties.TransportType.UDP) {
            requireDatagramFraming(definition, protocol, prefix);
        }
        Object bean = definition.handler();
        if (definition.protocol() != null) {
            return new ServerFraming(engineHandler(definition, "a @GevProtocol bean"), definition.protocol());
        }
        Type type = protocol.getType() != null ? protocol.getType() : HandlerKinds.impliedFraming(bean);
        String setting = typeSetting(prefix, type);
        ServerPropertyNames names = new ServerPropertyNames(prefix);
        return switch (type) {
            case WEBSOCKET -> {
                require(WebSocketServerFraming.isHandler(bean), definition, setting,
                        WebSocketServerFraming.HANDLER_TYPE);
                yield WebSocketServerFraming.of(bean, protocol, names);
            }
            case PROTOBUF -> {
                if (!HandlerKinds.PROTOBUF_PRESENT) {
                    throw new GevStartupException(setting + " needs protobuf-java, which is not on the class path.",
                            "Add com.google.protobuf:protobuf-java to the application's dependencies.");
                }
                require(ProtobufServerFraming.isHandler(bean), definition, setting,
                        ProtobufServerFraming.HANDLER_TYPE);
                yield ProtobufServerFraming.of(bean, protocol, names);
            }
            default -> new ServerFraming(engineHandler(definition, setting), Framings.of(type, protocol, names));
        };
    }

    /**
     * Checks that {@code definition} can serve datagrams ({@code transport=udp}): a datagram is a message already, so
     * it needs an engine {@link Handler}, and the raw framing or a {@code @GevProtocol} bean (which only packs the
     * replies).
     *
     * @throws IllegalStateException when it cannot (the message says what would)
     */
    private static void requireDatagramFraming(GevServerDefinition definition, GevProtocolProperties settings,
            String prefix) {
        String udp = prefix + ".transport=udp";
        if (!(definition.handler() instanceof Handler)) {
            throw new GevStartupException(udp + " hands each datagram to " + Handler.class.getName()
                    + ".onMessage, but bean '" + definition.handlerBeanName() + "' is a "
                    + definition.handler().getClass().getName() + ".", "Implement " + Handler.class.getName()
                    + ", or serve it over TCP.");
        }
        Type type = settings.getType();
        if (definition.protocol() == null && type != null && type != Type.RAW) {
            throw new GevStartupException(typeSetting(prefix, type) + " frames a byte stream, but with " + udp
                    + " every datagram is one message.", "Leave " + prefix + ".protocol.type unset (raw), or give a"
                    + " @GevProtocol bean to pack the replies.");
        }
    }

    private static String typeSetting(String prefix, Type type) {
        return prefix + ".protocol.type=" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Handler engineHandler(GevServerDefinition definition, String framing) {
        require(definition.handler() instanceof Handler, definition, framing, Handler.class.getName());
        return (Handler) definition.handler();
    }

    private static void require(boolean fits, GevServerDefinition definition, String framing, String handlerType) {
        if (!fits) {
            throw new GevStartupException(framing + " needs a @GevHandler implementing " + handlerType + ", but bean '"
                    + definition.handlerBeanName() + "' is a " + definition.handler().getClass().getName() + ".",
                    "Set the framing that fits the handler, or implement " + handlerType + ".");
        }
    }
}
