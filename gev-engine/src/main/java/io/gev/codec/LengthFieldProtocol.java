package io.gev.codec;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import java.nio.ByteOrder;

/**
 * Frames with a length field in their header, configured as {@link Builder}: where the field is, how wide (1, 2, 3,
 * 4 or 8 bytes), its byte order, what it counts, and how many header bytes to strip from the delivered frame.
 *
 * <p>The frame length is {@code offset + width + value + adjustment}, or {@code value + adjustment} when the value
 * counts the whole frame. It is checked against the maximum before anything is waited for or allocated; a negative
 * or impossible length is malformed. {@code pack} writes {@code offset} zero bytes and the length field, then the
 * payload, so that a peer decoding with {@code stripBytes = offset + width} gets the payload back. Stateless: one
 * instance serves every connection. In loop.
 */
public final class LengthFieldProtocol implements Protocol {

    private final int offset;
    private final int width;
    private final ByteOrder order;
    private final long adjustment;
    private final int stripBytes;
    private final boolean includesHeader;
    private final int maxFrameLength;
    private final int headerLength;

    private LengthFieldProtocol(Builder b) {
        if (b.offset < 0) {
            throw new IllegalArgumentException("length field offset must not be negative: " + b.offset);
        }
        if (b.width != 1 && b.width != 2 && b.width != 3 && b.width != 4 && b.width != 8) {
            throw new IllegalArgumentException("length field width must be 1, 2, 3, 4 or 8 bytes: " + b.width);
        }
        if (b.stripBytes < 0) {
            throw new IllegalArgumentException("bytes to strip must not be negative: " + b.stripBytes);
        }
        this.offset = b.offset;
        this.width = b.width;
        this.order = b.order;
        this.adjustment = b.adjustment;
        this.stripBytes = b.stripBytes;
        this.includesHeader = b.includesHeader;
        this.maxFrameLength = FrameException.checkMaxFrameLength(b.maxFrameLength);
        this.headerLength = offset + width;
    }

    /** A builder with the common defaults: a 4-byte big-endian length at offset 0 counting the payload, stripped. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        if (in.length() < headerLength) {
            return null;
        }
        long value = readField(in, offset);
        long frameLength = (includesHeader ? 0 : headerLength) + value + adjustment;
        if (value < 0 || frameLength < headerLength) {
            throw new FrameException("length field " + value + " gives an impossible frame length " + frameLength);
        }
        if (frameLength > maxFrameLength) {
            throw new FrameException("frame of " + frameLength + " bytes exceeds the maximum of " + maxFrameLength);
        }
        if (frameLength < stripBytes) {
            throw new FrameException("frame of " + frameLength + " bytes is shorter than the " + stripBytes
                    + " bytes to strip");
        }
        int length = (int) frameLength;
        if (in.length() < length) {
            return null;
        }
        in.retrieve(stripBytes);
        return Frame.of(in.readBytes(length - stripBytes));
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        byte[] body = Protocol.raw().pack(connection, message);
        long value = (includesHeader ? headerLength : 0) + (long) body.length - adjustment;
        if (value < 0 || width < 8 && value >= 1L << (8 * width)) {
            throw new IllegalArgumentException("a " + body.length + "-byte message does not fit a " + width
                    + "-byte length field");
        }
        byte[] out = new byte[headerLength + body.length];
        for (int i = 0; i < width; i++) {
            int shift = order == ByteOrder.BIG_ENDIAN ? 8 * (width - 1 - i) : 8 * i;
            out[offset + i] = (byte) (value >>> shift);
        }
        System.arraycopy(body, 0, out, headerLength, body.length);
        return out;
    }

    /** The unsigned length field at {@code index} (an 8-byte field may come out negative: malformed). */
    private long readField(RingBuffer in, int index) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            long b = in.peekByte(index + i) & 0xFFL;
            value |= order == ByteOrder.BIG_ENDIAN ? b << (8 * (width - 1 - i)) : b << (8 * i);
        }
        return value;
    }

    /** Settings of a {@link LengthFieldProtocol}. Not thread safe. */
    public static final class Builder {

        private int offset;
        private int width = 4;
        private ByteOrder order = ByteOrder.BIG_ENDIAN;
        private long adjustment;
        private int stripBytes = -1;
        private boolean includesHeader;
        private int maxFrameLength = 1 << 20;

        private Builder() {
        }

        /** Bytes before the length field; default 0. */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        /** Width of the length field: 1, 2, 3, 4 (default) or 8 bytes. */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** Byte order of the length field; default big-endian. */
        public Builder byteOrder(ByteOrder order) {
            this.order = order;
            return this;
        }

        /** Added to the length value to get the bytes that follow the header (or the frame length); default 0. */
        public Builder adjustment(long adjustment) {
            this.adjustment = adjustment;
            return this;
        }

        /** Header bytes removed from the delivered frame; default the whole header ({@code offset + width}). */
        public Builder stripBytes(int stripBytes) {
            this.stripBytes = stripBytes;
            return this;
        }

        /** Whether the length value counts the whole frame, header included; default false (the payload only). */
        public Builder includesHeader(boolean includesHeader) {
            this.includesHeader = includesHeader;
            return this;
        }

        /** Longest frame accepted, header included; default 1 MiB. */
        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /** Builds the protocol; invalid settings throw {@link IllegalArgumentException}. */
        public LengthFieldProtocol build() {
            if (stripBytes < 0) {
                stripBytes = offset + width;
            }
            return new LengthFieldProtocol(this);
        }
    }

    /** {@code length-field}, the field's width, offset and byte order: the framing in the server's log lines. */
    @Override
    public String toString() {
        return "length-field " + width + " byte(s) at " + offset + " " + order;
    }
}
