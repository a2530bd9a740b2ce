package io.gev;

import io.gev.buffer.RingBuffer;

/**
 * Framing between the byte stream and messages: gev's unpack/pack contract.
 *
 * <p>Every method is called on the connection's event loop thread only (also when the handler runs on a handler
 * executor: framing stays on the loop), so a protocol may keep per-connection state in
 * {@link Connection#protocolContext()}, apart from the handler's {@link Connection#context()}. A method that throws is
 * treated as malformed input or output: the connection is closed with the reason logged and counted, and nothing else
 * is disturbed.
 *
 * <p>On a UDP server a datagram is a message already: {@code unpack}, {@code onConnect} and {@code onServerStop} are
 * never called, and {@code pack} encodes every datagram sent (with the sender as its connection).
 */
public interface Protocol {

    /**
     * Cuts the next whole frame from the head of {@code in}, consuming its bytes, or returns null (consuming nothing
     * that is still needed) when {@code in} does not yet hold a whole frame. It is called again and again while frames
     * keep coming out of the bytes of one read. A frame returned without consuming any byte is a protocol error.
     * Implementations must bound the frame size they accept and never allocate a length a peer merely declares.
     */
    Frame unpack(Connection connection, RingBuffer in);

    /**
     * Turns a message (a handler's reply or an argument of {@link Connection#send}) into the bytes to send; null or an
     * empty array sends nothing.
     */
    byte[] pack(Connection connection, Object message);

    /**
     * A connection was registered; called before the handler's {@link Handler#onConnect}. A protocol that needs
     * per-connection state or a timer (a handshake deadline, say) sets them up here, in
     * {@link Connection#setProtocolContext}. Throwing closes the connection.
     */
    default void onConnect(Connection connection) {
    }

    /**
     * The server is stopping and will close this connection after its queued output. A protocol that can say goodbye
     * (WebSocket's close 1001 "going away") sends it here with {@link Connection#send}. In loop; throwing is logged.
     */
    default void onServerStop(Connection connection) {
    }

    /**
     * The default protocol: every read delivers all readable bytes as one message; replies may be {@code byte[]} or any
     * {@link CharSequence} (sent as UTF-8).
     */
    static Protocol raw() {
        return RawProtocol.INSTANCE;
    }
}
