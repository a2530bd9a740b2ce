package io.gev.spring.autoconfigure;

import io.gev.protobuf.ProtobufFraming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/** Framing of a server's messages ({@code gev.protocol.*}), unless a {@code @GevProtocol} bean gives one. */
public class GevProtocolProperties {

    /**
     * Framing: raw, line, delimiter, length-field, protobuf or websocket. Unset means websocket for a handler
     * implementing WebSocketHandler, protobuf for a ProtobufHandler, raw otherwise.
     */
    private Type type;

    /**
     * Longest frame (or WebSocket message) accepted; a longer one closes its connection as malformed.
     */
    private DataSize maxFrameLength = DataSize.ofMegabytes(1);

    private final Line line = new Line();

    private final Delimiter delimiter = new Delimiter();

    private final LengthField lengthField = new LengthField();

    private final Protobuf protobuf = new Protobuf();

    private final WebSocket websocket = new WebSocket();

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public DataSize getMaxFrameLength() {
        return maxFrameLength;
    }

    public void setMaxFrameLength(DataSize maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    public Line getLine() {
        return line;
    }

    public Delimiter getDelimiter() {
        return delimiter;
    }

    public LengthField getLengthField() {
        return lengthField;
    }

    public Protobuf getProtobuf() {
        return protobuf;
    }

    public WebSocket getWebsocket() {
        return websocket;
    }

    /** {@code type=websocket}: RFC 6455 for a WebSocketHandler; messages are limited by max-frame-length. */
    public static class WebSocket {

        /**
         * Longest single frame accepted; a message may span several frames up to max-frame-length.
         */
        private DataSize maxFrameSize = DataSize.ofMegabytes(1);

        /**
         * Longest upgrade request accepted.
         */
        private DataSize maxHandshakeSize = DataSize.ofKilobytes(8);

        /**
         * Time a connection has to complete its upgrade request.
         */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /**
         * Time to wait for the peer's close frame after sending ours.
         */
        private Duration closeTimeout = Duration.ofSeconds(5);

        /**
         * Subprotocols the server speaks; the first one in the client's offer that is among them is agreed (the
         * client's order of preference decides, not this list's).
         */
        private List<String> subprotocols = new ArrayList<>();

        /**
         * Origins allowed to upgrade (browser connections); empty or '*' allows any.
         */
        private List<String> allowedOrigins = new ArrayList<>();

        @NestedConfigurationProperty
        private final GevWebSocketCompressionProperties compression = new GevWebSocketCompressionProperties();

        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public DataSize getMaxHandshakeSize() {
            return maxHandshakeSize;
        }

        public void setMaxHandshakeSize(DataSize maxHandshakeSize) {
            this.maxHandshakeSize = maxHandshakeSize;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        public Duration getCloseTimeout() {
            return closeTimeout;
        }

        public void setCloseTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
        }

        public List<String> getSubprotocols() {
            return subprotocols;
        }

        public void setSubprotocols(List<String> subprotocols) {
            this.subprotocols = subprotocols;
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public GevWebSocketCompressionProperties getCompression() {
            return compression;
        }
    }

    /** {@code type=protobuf}: protobuf messages for a ProtobufHandler. */
    public static class Protobuf {

        /**
         * Framing of protobuf messages: envelope (gev's type-named envelope, as the Go plugin) or varint
         * (varint32 length-delimited, as protobuf-java's writeDelimitedTo, one message type).
         */
        private ProtobufFraming framing = ProtobufFraming.ENVELOPE;

        public ProtobufFraming getFraming() {
            return framing;
        }

        public void setFraming(ProtobufFraming framing) {
            this.framing = framing;
        }
    }

    /** {@code type=line}: frames end with LF or CRLF. */
    public static class Line {

        /**
         * Whether replies end with CRLF rather than LF.
         */
        private boolean crlf = false;

        public boolean isCrlf() {
            return crlf;
        }

        public void setCrlf(boolean crlf) {
            this.crlf = crlf;
        }
    }

    /** {@code type=delimiter}: frames end with a byte sequence. */
    public static class Delimiter {

        /**
         * Delimiter that ends each frame (its UTF-8 bytes); replies end with it too.
         */
        private String value = "\n";

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }
    }

    /** {@code type=length-field}: frames carry their length in a header field. */
    public static class LengthField {

        /**
         * Bytes before the length field.
         */
        private int offset = 0;

        /**
         * Width of the length field in bytes: 1, 2, 3, 4 or 8.
         */
        private int length = 4;

        /**
         * Byte order of the length field.
         */
        private Order byteOrder = Order.BIG_ENDIAN;

        /**
         * Added to the length value to get the bytes that follow the header (or the whole frame).
         */
        private long adjustment = 0;

        /**
         * Header bytes removed from the delivered frame. Unset strips the whole header (offset + length).
         */
        private Integer strip;

        /**
         * Whether the length value counts the whole frame, header included, rather than the payload.
         */
        private boolean includesHeader = false;

        public int getOffset() {
            return offset;
        }

        public void setOffset(int offset) {
            this.offset = offset;
        }

        public int getLength() {
            return length;
        }

        public void setLength(int length) {
            this.length = length;
        }

        public Order getByteOrder() {
            return byteOrder;
        }

        public void setByteOrder(Order byteOrder) {
            this.byteOrder = byteOrder;
        }

        public long getAdjustment() {
            return adjustment;
        }

        public void setAdjustment(long adjustment) {
            this.adjustment = adjustment;
        }

        public Integer getStrip() {
            return strip;
        }

        public void setStrip(Integer strip) {
            this.strip = strip;
        }

        public boolean isIncludesHeader() {
            return includesHeader;
        }

        public void setIncludesHeader(boolean includesHeader) {
            this.includesHeader = includesHeader;
        }

        /** Byte order of a length field. */
        public enum Order {
            /** Most significant byte first (network order). */
            BIG_ENDIAN,
            /** Least significant byte first. */
            LITTLE_ENDIAN
        }
    }

    /** The framings that {@code gev.protocol.type} selects. */
    public enum Type {
        /** Every read is one message. */
        RAW,
        /** Lines ended by LF or CRLF. */
        LINE,
        /** Frames ended by {@code gev.protocol.delimiter.value}. */
        DELIMITER,
        /** Frames with a length field, see {@code gev.protocol.length-field.*}. */
        LENGTH_FIELD,
        /** Protobuf messages for a ProtobufHandler. */
        PROTOBUF,
        /** WebSocket (RFC 6455) for a WebSocketHandler. */
        WEBSOCKET
    }
}
