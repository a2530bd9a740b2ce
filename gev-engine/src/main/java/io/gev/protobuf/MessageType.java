package io.gev.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;

/** One accepted message type: its full name (as text and as the UTF-8 bytes on the wire) and its parser. Immutable. */
final class MessageType {

    private final String fullName;
    private final byte[] name;
    private final int hash;
    private final Parser<? extends Message> parser;

    /** The type of {@code prototype}; {@code name} is its full name in UTF-8, {@code hash} that name's hash. */
    MessageType(Message prototype, byte[] name, int hash) {
        this.fullName = prototype.getDescriptorForType().getFullName();
        this.name = name;
        this.hash = hash;
        this.parser = prototype.getParserForType();
    }

    /** Whether the {@code length} bytes at {@code index} of {@code in}, whose hash is {@code hash}, are the name. */
    boolean isNamedBy(RingBuffer in, int index, int length, int hash) {
        if (this.hash != hash || name.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name[i] != in.peekByte(index + i)) {
                return false;
            }
        }
        return true;
    }

    /** The message in {@code payload}; a payload that does not parse is malformed input. */
    Message parse(byte[] payload) {
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new FrameException("malformed " + fullName + " (" + payload.length + " bytes): " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return fullName;
    }
}
