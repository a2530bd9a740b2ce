package io.gev.websocket;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An open WebSocket: what its handshake agreed, its {@link FrameDecoder}, its {@link MessageDeflater} when
 * permessage-deflate was agreed, and the closing handshake (RFC 6455, section 7). Lives in the connection's protocol
 * context from the handshake on.
 *
 * <p>The closing state changes on the loop only: when our close frame is packed (from {@link #close}, a protocol
 * error, or the echo of the peer's close) and when the peer's close frame is decoded. Once our close frame is out,
 * nothing else is sent and arriving messages are dropped; the TCP connection is closed when the peer's close frame
 * arrives, or after the close timeout. The {@link WebSocketConnection} methods are thread safe; the rest is in loop.
 */
final class WebSocketSession implements WebSocketConnection, ControlFrameListener {

    private static final byte[] NOTHING = new byte[0];
    private static final int MAX_CLOSE_REASON = 123;
    private static final int MAX_PING_PAYLOAD = 125;

    private final Connection connection;
    private final Duration closeTimeout;
    private final String path;
    private final Map<String, String> requestHeaders;
    private final String subprotocol;
    private final FrameDecoder decoder;
    /** Both null when permessage-deflate was not agreed. */
    private final MessageDeflater deflater;
    private final MessageInflater inflater;

    private boolean opened;
    private boolean closeSent;
    private boolean closeReceived;
    private int closeCode = CloseCodes.ABNORMAL;
    private String closeReason = "";

    /** An open WebSocket; {@code deflate} is null when permessage-deflate was not agreed. */
    WebSocketSession(Connection connection, WebSocketOptions options, HttpRequestHead request, String subprotocol,
            DeflateAgreement deflate) {
        this.connection = connection;
        this.closeTimeout = options.closeTimeout();
        this.path = request.target();
        this.requestHeaders = request.headers();
        this.subprotocol = subprotocol;
        this.deflater = deflate == null ? null
                : new MessageDeflater(deflate, options.compressionLevel(), options.compressionMinSize());
        this.inflater = deflate == null ? null : new MessageInflater(deflate);
        this.decoder = new FrameDecoder(options.maxFrameSize(), options.maxMessageSize(), this, inflater);
    }

    // ------------------------------------------------------------------------------------------------ public API

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public void sendText(String text) {
        connection.send(Objects.requireNonNull(text, "text"));
    }

    @Override
    public void sendText(byte[] utf8) {
        if (!Utf8Validator.isValid(Objects.requireNonNull(utf8, "utf8"), 0, utf8.length)) {
            throw new IllegalArgumentException("a text message must be valid UTF-8");
        }
        connection.send(new Outbound.Utf8Text(utf8));
    }

    @Override
    public void sendBinary(byte[] data) {
        connection.send(Objects.requireNonNull(data, "data"));
    }

    @Override
    public void send(SharedFrame frame) {
        connection.send(Objects.requireNonNull(frame, "frame"));
    }

    @Override
    public void ping(byte[] payload) {
        if (payload.length > MAX_PING_PAYLOAD) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        connection.send(new Outbound.Control(Opcode.PING, payload.clone()));
    }

    @Override
    public void close(int code, String reason) {
        if (!CloseCodes.isValid(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes of UTF-8");
        }
        connection.send(new Outbound.Close(code, reason));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public Map<String, String> requestHeaders() {
        return requestHeaders;
    }

    @Override
    public String toString() {
        return "WebSocket[" + path + " on " + connection + "]";
    }

    // ------------------------------------------------------------------------------------------------ in loop

    /** The next message from {@code in}, or null; a protocol violation sends its close code, then throws. */
    Frame unpack(RingBuffer in) {
        try {
            Frame message;
            while ((message = decoder.decode(in)) != null) {
                if (!closeSent) {
                    return message;
                }
            }
            return null;
        } catch (WebSocketException e) {
            connection.send(new Outbound.Close(e.closeCode(), ""));
            throw e;
        }
    }

    /** The frame for {@code message}: nothing once our close frame is out. */
    byte[] encode(Object message) {
        if (closeSent) {
            return NOTHING;
        }
        if (message instanceof CharSequence text) {
            return deflater == null ? FrameEncoder.text(text) : deflater.text(text);
        }
        if (message instanceof byte[] data) {
            return deflater == null ? FrameEncoder.frame(Opcode.BINARY, data) : deflater.bytes(Opcode.BINARY, data);
        }
        if (message instanceof Outbound.Utf8Text text) {
            return deflater == null ? FrameEncoder.frame(Opcode.TEXT, text.utf8())
                    : deflater.bytes(Opcode.TEXT, text.utf8());
        }
        if (message instanceof SharedFrame shared) {
            return deflater == null ? shared.bytes() : deflater.shared(shared);
        }
        if (message instanceof Outbound.Control control) {
            return FrameEncoder.frame(control.opcode(), control.payload());
        }
        if (message instanceof Outbound.Close close) {
            closeSent = true;
            if (!closeReceived) {
                closeCode = close.code();
                closeReason = close.reason();
                connection.runAfter(closeTimeout, connection::close);
            }
            return FrameEncoder.close(close.code(), close.reason());
        }
        throw new IllegalArgumentException("a WebSocket sends String, CharSequence, byte[] or SharedFrame, not "
                + (message == null ? "null" : message.getClass().getName()));
    }

    @Override
    public void pingReceived(byte[] payload) {
        connection.send(new Outbound.Control(Opcode.PONG, payload));
    }

    @Override
    public void closeReceived(int code, String reason) {
        closeReceived = true;
        closeCode = code;
        closeReason = reason;
        connection.send(new Outbound.Close(code, "")); // the echo, unless our close frame went out first
        connection.close();
    }

    /** The connection closed: frees the compressor and inflater, if any. Thread safe. */
    void release() {
        if (deflater != null) {
            deflater.release();
            inflater.release();
        }
    }

    /** The handler was told of this WebSocket, and so must be told of its close. */
    void markOpened() {
        opened = true;
    }

    boolean isOpened() {
        return opened;
    }

    /** The code to report: the peer's, else the one we sent, else {@link CloseCodes#ABNORMAL}. */
    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }
}
