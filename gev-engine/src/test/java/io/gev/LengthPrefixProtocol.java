package io.gev;

import io.gev.buffer.RingBuffer;
import java.nio.ByteBuffer;

/** Test framing: a 4-byte big-endian length, then that many bytes. Frames above {@code maxFrame} are rejected. */
final class LengthPrefixProtocol implements Protocol {

    private final int maxFrame;

    LengthPrefixProtocol(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        if (in.length() < 4) {
            return null;
        }
        int len = in.peekInt(0);
        if (len < 0 || len > maxFrame) {
            throw new IllegalArgumentException("frame length " + len + " outside [0, " + maxFrame + "]");
        }
        if (in.length() < 4 + len) {
            return null;
        }
        in.retrieve(4);
        return Frame.of(in.readBytes(len));
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        byte[] body = (byte[]) message;
        return frame(body);
    }

    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
