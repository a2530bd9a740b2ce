package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import java.nio.charset.StandardCharsets;

/**
 * {@link ProtobufFraming#ENVELOPE}: the framing of gev's Go protobuf plugin, which names the type of every message.
 *
 * <pre>
 * | length: uint32 BE | type length: uint16 BE | type: UTF-8 full name | payload: serialized message |
 *                     |&lt;------------------------------ length ----------------------------------&gt;|
 * </pre>
 *
 * <p>{@code unpack} checks the length (at least 2, and the whole frame, length field included, at most
 * {@code maxFrameLength}) as soon as the length field is there, and the type length against the length as soon as
 * the type length is there, so nothing a peer merely declares is waited for or allocated. A whole frame whose type is
 * not one of the handler's, or whose payload does not parse as that type, is malformed. The frame's context is the
 * parsed message and its data the payload. {@code pack} frames a {@link Message} under its own full name. Stateless:
 * one instance serves every connection of every loop.
 */
final class EnvelopeProtocol implements Protocol {

    private static final int LENGTH_FIELD = 4;
    private static final int TYPE_LENGTH_FIELD = 2;
    private static final int HEADER = LENGTH_FIELD + TYPE_LENGTH_FIELD;
    /** Bytes of an unknown type name quoted in the error. */
    private static final int QUOTED_NAME = 100;

    private final MessageTypes types;
    private final int maxFrameLength;

    EnvelopeProtocol(MessageTypes types, int maxFrameLength) {
        this.types = types;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        if (in.length() < LENGTH_FIELD) {
            return null;
        }
        long length = in.peekUnsignedInt(0);
        if (length < TYPE_LENGTH_FIELD) {
            throw new FrameException("frame length " + length + " leaves no room for the 2-byte type length");
        }
        if (LENGTH_FIELD + length > maxFrameLength) {
            throw new FrameException("frame of " + (LENGTH_FIELD + length) + " bytes exceeds the maximum of "
                    + maxFrameLength);
        }
        if (in.length() < HEADER) {
            return null;
        }
        int typeLength = in.peekUnsignedShort(LENGTH_FIELD);
        if (typeLength > length - TYPE_LENGTH_FIELD) {
            throw new FrameException("type name of " + typeLength + " bytes overruns the frame length " + length);
        }
        int frameLength = LENGTH_FIELD + (int) length;
        if (in.length() < frameLength) {
            return null;
        }
        MessageType type = types.find(in, HEADER, typeLength);
        if (type == null) {
            throw new FrameException("unknown message type \"" + quote(in, typeLength) + "\"; accepted: " + types);
        }
        in.retrieve(HEADER + typeLength);
        byte[] payload = in.readBytes(frameLength - HEADER - typeLength);
        return new Frame(type.parse(payload), payload);
    }

    /** The type name at the head of {@code in}, cut short, for an error message. */
    private static String quote(RingBuffer in, int typeLength) {
        byte[] name = new byte[Math.min(typeLength, QUOTED_NAME)];
        in.peek(HEADER, name, 0, name.length);
        return new String(name, StandardCharsets.UTF_8) + (typeLength > QUOTED_NAME ? "..." : "");
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        Message m = MessageEncoding.message(message);
        byte[] name = types.name(m.getDescriptorForType());
        byte[] out = MessageEncoding.encode(m, HEADER + name.length);
        int length = out.length - LENGTH_FIELD;
        out[0] = (byte) (length >>> 24);
        out[1] = (byte) (length >>> 16);
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        out[4] = (byte) (name.length >>> 8);
        out[5] = (byte) name.length;
        System.arraycopy(name, 0, out, HEADER, name.length);
        return out;
    }

    /** {@code protobuf envelope}, the framing in the server's log lines. */
    @Override
    public String toString() {
        return "protobuf envelope";
    }
}
