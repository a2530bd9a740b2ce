package io.gev.examples;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;

/** Frames behind a 2-byte unsigned length. */
public final class LengthPrefixProtocol implements Protocol {

    private static final int HEADER = 2;
    private static final int MAX_PAYLOAD = 60_000;   // at most 65,535 fits the field

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        if (in.length() < HEADER) {
            return null;                                       // wait for the whole header
        }
        int length = in.peekUnsignedShort(0);                  // 0..65,535: a length is never negative
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("frame of " + length + " bytes");   // closes this connection only
        }
        if (in.length() < HEADER + length) {
            return null;                                       // consume nothing until the frame is whole
        }
        in.retrieve(HEADER);
        return Frame.of(in.readBytes(length));
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        byte[] body = Protocol.raw().pack(connection, message);   // byte[] as it is, a String or other text as UTF-8
        if (body.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("reply of " + body.length + " bytes");
        }
        byte[] frame = new byte[HEADER + body.length];
        frame[0] = (byte) (body.length >>> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, HEADER, body.length);
        return frame;
    }
}
