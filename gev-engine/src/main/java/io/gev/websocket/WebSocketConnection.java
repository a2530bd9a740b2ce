package io.gev.websocket;

import io.gev.Connection;
import java.util.Map;

/**
 * One open WebSocket on a gev {@link Connection}.
 *
 * <p>Every method is thread safe. Sends from the connection's loop act at once; from another thread they are queued to
 * the loop through {@link Connection#send}, and the calls of one thread keep their order. Once this server has sent its
 * close frame, further messages are dropped.
 */
public interface WebSocketConnection {

    /** The TCP connection underneath (addresses, timers, the handler's {@link Connection#context()}). Thread safe. */
    Connection connection();

    /** Sends {@code text} as one text message. Thread safe. */
    void sendText(String text);

    /**
     * Sends {@code utf8}, text already encoded as UTF-8, as one text message: the bytes go out as they are (compressed
     * when permessage-deflate was agreed), with no round trip through a {@code String}. For text a handler holds as
     * bytes: a text message it received and passes on (the {@code data} of {@link WebSocketHandler#onMessage} is
     * valid UTF-8), JSON it serialized to bytes. A method rather than a reply type, because {@code onMessage} may call
     * it on the loop and return null: a call from the loop acts at once, exactly as a reply. The bytes are checked as
     * incoming text is (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), on the calling thread;
     * the array must not change afterwards. Thread safe.
     *
     * @throws IllegalArgumentException when {@code utf8} is not valid UTF-8
     */
    void sendText(byte[] utf8);

    /** Sends {@code data} as one binary message; the array must not change afterwards. Thread safe. */
    void sendBinary(byte[] data);

    /**
     * Sends a message encoded once for many recipients, as it is: the same bytes as {@link #sendText} or
     * {@link #sendBinary} with its content, without encoding it again; compressed once for every recipient that agreed
     * permessage-deflate (see {@link SharedFrame}). Thread safe.
     */
    void send(SharedFrame frame);

    /**
     * Sends a ping with {@code payload} (at most 125 bytes); the peer's pong is consumed by the server. Thread safe.
     *
     * @throws IllegalArgumentException when the payload is longer than 125 bytes
     */
    void ping(byte[] payload);

    /**
     * Starts the closing handshake: sends a close frame with {@code code} and {@code reason}, then waits for the
     * peer's close frame (at most {@link WebSocketOptions#closeTimeout()}) before closing the TCP connection. Ignored
     * when a close frame was already sent. Thread safe.
     *
     * @throws IllegalArgumentException when {@code code} may not be sent ({@link CloseCodes#isValid}) or the UTF-8 of
     *                                  {@code reason} is longer than 123 bytes
     */
    void close(int code, String reason);

    /** Same as {@code close(CloseCodes.NORMAL, "")}. Thread safe. */
    default void close() {
        close(CloseCodes.NORMAL, "");
    }

    /** The request target of the upgrade as sent, path and query (for example {@code /chat?room=1}). Thread safe. */
    String path();

    /** The subprotocol agreed in the handshake, or null when none was. Thread safe. */
    String subprotocol();

    /**
     * The headers of the upgrade request: an unmodifiable map whose lookups ignore case; repeated headers are joined
     * with {@code ", "}. Thread safe.
     */
    Map<String, String> requestHeaders();
}
