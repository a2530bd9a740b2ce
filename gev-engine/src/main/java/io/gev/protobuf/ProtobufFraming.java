package io.gev.protobuf;

import io.gev.Protocol;

/**
 * The two ways protobuf messages are framed on the wire, as a setting (e.g. {@code gev.protocol.protobuf.framing}):
 * {@code ProtobufFraming.valueOf(name).protocol(handler, maxFrameLength)}. Thread safe.
 */
public enum ProtobufFraming {

    /**
     * gev's envelope, byte-compatible with the Go gev protobuf plugin: a 4-byte big-endian length of what follows, a
     * 2-byte big-endian length of the type name, the type name (the message's full name in UTF-8), then the
     * serialized message. Every type the handler declares is accepted; replies carry their own full name.
     */
    ENVELOPE {
        @Override
        public Protocol protocol(ProtobufHandler handler, int maxFrameLength) {
            return new EnvelopeProtocol(new MessageTypes(handler.messageTypes()), checkMax(maxFrameLength));
        }
    },

    /**
     * A varint32 length, then the serialized message: protobuf-java's {@code writeDelimitedTo} and
     * {@code parseDelimitedFrom}. There is no type on the wire: every incoming message is parsed as the handler's
     * first declared type; replies may be of any type the peer expects.
     */
    VARINT {
        @Override
        public Protocol protocol(ProtobufHandler handler, int maxFrameLength) {
            return new VarintProtocol(new MessageTypes(handler.messageTypes()).first(), checkMax(maxFrameLength));
        }
    };

    /**
     * A protocol of this framing for the types {@code handler} declares (asked once, here), accepting frames of at
     * most {@code maxFrameLength} bytes, header included; a longer, malformed or unknown frame closes its connection
     * and is counted as a protocol error. The protocol is stateless and may serve any number of servers. Thread safe.
     *
     * @throws IllegalArgumentException when {@code maxFrameLength} is not positive or the handler declares no type,
     *                                  a type twice, or a type whose full name is longer than 65,535 bytes
     */
    public abstract Protocol protocol(ProtobufHandler handler, int maxFrameLength);

    private static int checkMax(int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        return maxFrameLength;
    }
}
