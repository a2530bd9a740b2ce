package io.gev.spring.autoconfigure;

import io.gev.Protocol;

/**
 * A server the application asks for: its name ({@code "default"} for the default server), its handler and, if a
 * {@link io.gev.spring.GevProtocol} bean was given for it, its protocol.
 *
 * @param name            the server's name
 * @param handler         the {@link io.gev.spring.GevHandler} bean: an {@link io.gev.Handler}, or a plugin's handler
 *                        ({@code io.gev.websocket.WebSocketHandler}, {@code io.gev.protobuf.ProtobufHandler})
 * @param handlerBeanName that bean's name
 * @param protocol        the {@link io.gev.spring.GevProtocol} bean, or null for the default framing
 */
public record GevServerDefinition(String name, Object handler, String handlerBeanName, Protocol protocol) {
}
