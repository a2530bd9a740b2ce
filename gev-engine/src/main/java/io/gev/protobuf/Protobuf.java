package io.gev.protobuf;

import io.gev.Handler;
import io.gev.Protocol;
import java.util.Objects;

/**
 * Protobuf servers in two calls: the handler and the framing.
 *
 * <pre>{@code
 * ProtobufHandler handler = ...;
 * GevServer server = GevServer.builder(Protobuf.handler(handler))
 *         .protocol(Protobuf.envelope(handler, 1 << 20))
 *         .build();
 * }</pre>
 *
 * <p>Every method is thread safe, and what it returns is stateless and may serve any number of servers.
 */
public final class Protobuf {

    private Protobuf() {
    }

    /**
     * The engine handler for {@code handler}: each frame's parsed message goes to
     * {@link ProtobufHandler#onMessage}, whose reply is packed by the server's protobuf framing. It needs one of the
     * protocols of this class or of {@link ProtobufFraming}. Thread safe.
     */
    public static Handler handler(ProtobufHandler handler) {
        return new ProtobufHandlerAdapter(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * gev's envelope framing ({@link ProtobufFraming#ENVELOPE}, byte-compatible with the Go gev protobuf plugin) for
     * the types {@code handler} declares. Thread safe.
     *
     * @param maxFrameLength longest frame accepted, its 4-byte length field included
     */
    public static Protocol envelope(ProtobufHandler handler, int maxFrameLength) {
        return ProtobufFraming.ENVELOPE.protocol(handler, maxFrameLength);
    }

    /**
     * Varint32 length-delimited framing ({@link ProtobufFraming#VARINT}, as protobuf-java's {@code writeDelimitedTo})
     * of the first type {@code handler} declares. Thread safe.
     *
     * @param maxFrameLength longest frame accepted, its varint length included
     */
    public static Protocol varint(ProtobufHandler handler, int maxFrameLength) {
        return ProtobufFraming.VARINT.protocol(handler, maxFrameLength);
    }
}
