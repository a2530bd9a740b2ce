package io.gev.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;

/**
 * {@link ProtobufFraming#VARINT}: each message preceded by its length as a varint32, as protobuf-java's
 * {@code writeDelimitedTo} writes and {@code parseDelimitedFrom} reads. The frames carry no type: every message is
 * parsed as one type.
 *
 * <p>{@code unpack} waits while the varint is incomplete, rejects it as soon as its fifth byte still says "more", and
 * checks the whole frame (varint included) against {@code maxFrameLength} before waiting for the message, so a
 * negative or huge length is refused at once. A message that does not parse is malformed. The frame's context is the
 * parsed message and its data the serialized message. {@code pack} writes any {@link Message}, with the shortest
 * varint. Stateless: one instance serves every connection of every loop.
 */
final class VarintProtocol implements Protocol {

    private static final int MAX_VARINT32_BYTES = 5;

    private final MessageType type;
    private final int maxFrameLength;

    VarintProtocol(MessageType type, int maxFrameLength) {
        this.type = type;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        long length = 0;
        int prefix = 0;
        byte b;
        do {
            if (prefix == MAX_VARINT32_BYTES) {
                throw new FrameException("length varint longer than " + MAX_VARINT32_BYTES + " bytes");
            }
            if (prefix == in.length()) {
                return null;
            }
            b = in.peekByte(prefix);
            length |= (long) (b & 0x7F) << (7 * prefix);
            prefix++;
        } while (b < 0);
        if (prefix + length > maxFrameLength) {
            throw new FrameException("frame of " + (prefix + length) + " bytes exceeds the maximum of "
                    + maxFrameLength);
        }
        if (in.length() < prefix + length) {
            return null;
        }
        in.retrieve(prefix);
        byte[] payload = in.readBytes((int) length);
        return new Frame(type.parse(payload), payload);
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        Message m = MessageEncoding.message(message);
        int size = m.getSerializedSize();
        byte[] out = MessageEncoding.encode(m, CodedOutputStream.computeUInt32SizeNoTag(size));
        int i = 0;
        while (size > 0x7F) {
            out[i++] = (byte) (size | 0x80);
            size >>>= 7;
        }
        out[i] = (byte) size;
        return out;
    }

    /** {@code protobuf varint}, the framing in the server's log lines. */
    @Override
    public String toString() {
        return "protobuf varint";
    }
}
