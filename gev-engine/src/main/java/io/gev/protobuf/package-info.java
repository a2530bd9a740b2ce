/**
 * Protobuf servers: a typed {@link io.gev.protobuf.ProtobufHandler} that receives parsed messages and replies with
 * messages, on one of two framings ({@link io.gev.protobuf.ProtobufFraming}): gev's envelope, byte-compatible with the
 * Go gev protobuf plugin, or protobuf-java's varint32 length-delimited messages. {@link io.gev.protobuf.Protobuf}
 * builds both pieces for a {@link io.gev.GevServer}.
 *
 * <p>protobuf-java is an optional dependency of gev-engine: an application using this package adds
 * {@code com.google.protobuf:protobuf-java} itself. Malformed input (a bad length, an unknown type, a payload that
 * does not parse) closes only its connection, after the replies queued before it, and is counted in
 * {@link io.gev.ServerStats#protocolErrors()}.
 *
 * <p>Inside: {@code EnvelopeProtocol} and {@code VarintProtocol} (the framings), {@code MessageTypes} (the accepted
 * types, looked up by name without allocating), {@code MessageType} (one type's name and parser),
 * {@code MessageEncoding} (one array per outgoing frame) and {@code ProtobufHandlerAdapter} (the engine handler).
 */
package io.gev.protobuf;
