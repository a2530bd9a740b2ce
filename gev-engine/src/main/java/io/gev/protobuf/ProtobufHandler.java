package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Connection;
import java.util.List;

/**
 * What a protobuf server does with its connections: the typed counterpart of {@link io.gev.Handler}, which receives
 * parsed messages and replies with messages. Turn it into a server with {@link Protobuf#handler} and one of the
 * framings of {@link Protobuf} (or {@link ProtobufFraming}).
 *
 * <pre>{@code
 * ProtobufHandler handler = ...;
 * GevServer server = GevServer.builder(Protobuf.handler(handler))
 *         .protocol(Protobuf.envelope(handler, 1 << 20))
 *         .build();
 * }</pre>
 *
 * <p>The threading contract of {@link io.gev.Handler} holds: every callback of a connection runs on that connection's
 * event loop thread, one at a time, and must not block; a callback that throws closes only its own connection.
 * {@link #messageTypes()} is called once, on the thread that builds the protocol.
 */
public interface ProtobufHandler {

    /**
     * The message types this handler accepts, as their default instances (e.g. {@code Msg1.getDefaultInstance()}),
     * without duplicates. The envelope framing accepts every one of them by its full name; the varint framing carries
     * no type and parses every message as the first. Called once, when the protocol is built.
     */
    List<Message> messageTypes();

    /** A connection was accepted and registered with its loop. On the connection's loop thread. */
    default void onConnect(Connection connection) {
    }

    /**
     * A whole message arrived and was parsed as one of the {@link #messageTypes()}. On the connection's loop thread.
     *
     * @param connection the connection it came from; {@link Connection#send} on it sends messages too
     * @param message    the parsed message
     * @return a {@link Message} to send back on this connection with its framing, or null for none
     */
    Object onMessage(Connection connection, Message message);

    /** The connection is closed; called exactly once per connection that connected. On the connection's loop thread. */
    default void onClose(Connection connection) {
    }
}
