package io.gev.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;

/** How the protobuf framings turn an outgoing message into one array: room for the header, then the message. */
final class MessageEncoding {

    /** The largest array a JVM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private MessageEncoding() {
    }

    /** {@code message} as a protobuf {@link Message}; anything else cannot be sent by these framings. */
    static Message message(Object message) {
        if (message instanceof Message m) {
            return m;
        }
        throw new IllegalArgumentException("the protobuf framings send com.google.protobuf.Message, not "
                + (message == null ? "null" : message.getClass().getName()));
    }

    /**
     * A new array of {@code headerLength} bytes left for the caller's header followed by {@code message} serialized:
     * the one allocation of a packed frame.
     */
    static byte[] encode(Message message, int headerLength) {
        int size = message.getSerializedSize();
        if (size > MAX_ARRAY_LENGTH - headerLength) {
            throw new IllegalArgumentException("a " + size + "-byte " + message.getDescriptorForType().getFullName()
                    + " is too large to frame");
        }
        byte[] out = new byte[headerLength + size];
        CodedOutputStream body = CodedOutputStream.newInstance(out, headerLength, size);
        try {
            message.writeTo(body);
        } catch (IOException e) {
            throw new IllegalStateException(message.getDescriptorForType().getFullName()
                    + " changed size while it was serialized", e);
        }
        body.checkNoSpaceLeft();
        return out;
    }
}
