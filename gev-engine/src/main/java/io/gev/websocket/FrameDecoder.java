package io.gev.websocket;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client frames of one WebSocket (RFC 6455, section 5): validates each header, unmasks, reassembles fragmented
 * messages, inflates compressed ones (RSV1 on their first frame, when permessage-deflate was agreed), checks text as
 * UTF-8 and hands control frames to a {@link ControlFrameListener}.
 *
 * <p>A header is checked against the limits before its payload is waited for. A data payload is then consumed as it
 * arrives, straight (or through the {@link MessageInflater}) into the {@link MessageBuffer}; a message that comes
 * whole in one frame and one read lands in an array of its exact size, which is delivered as is; a compressed one is
 * inflated into the loop's array, then copied once to its exact size. Violations throw {@link WebSocketException}
 * with the close code to send. Not thread safe; in loop.
 */
final class FrameDecoder {

    private static final byte[] EMPTY = new byte[0];
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int RSV2_RSV3 = 0x30;
    private static final int MASKED = 0x80;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final int maxFrameSize;
    private final ControlFrameListener listener;
    /** Null when permessage-deflate was not agreed. */
    private final MessageInflater inflater;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final MessageBuffer message;

    /** The frame at hand: what its header said, its masking key, and the payload bytes read (-1: in the header). */
    private int opcode;
    private boolean finalFrame;
    private boolean rsv1;
    private int payloadLength;
    private int maskKey;
    private int payloadRead = -1;

    /** The message being assembled (type null between messages), and whether it is compressed. */
    private MessageType messageType;
    private boolean compressed;

    /** A close frame arrived: nothing after it is decoded. */
    private boolean closed;

    FrameDecoder(int maxFrameSize, int maxMessageSize, ControlFrameListener listener, MessageInflater inflater) {
        this.maxFrameSize = maxFrameSize;
        this.message = new MessageBuffer(maxMessageSize);
        this.listener = listener;
        this.inflater = inflater;
    }

    /**
     * Decodes from {@code in} until a message is whole, handling control frames on the way; returns it (its context is
     * its {@link MessageType}), or null when {@code in} is used up or a close frame arrived.
     */
    Frame decode(RingBuffer in) {
        Frame frame = next(in);
        if (frame == null) {
            message.keep(); // the message (if any) goes on in another read: out of the loop's array
        }
        return frame;
    }

    private Frame next(RingBuffer in) {
        while (!closed) {
            if (payloadRead < 0) {
                int headerLength = readHeader(in);
                if (headerLength < 0) {
                    return null;
                }
                if ((opcode & 0x8) != 0) {
                    if (!readControlFrame(in, headerLength)) {
                        return null;
                    }
                    continue;
                }
                startDataFrame(in, headerLength);
            }
            if (!readPayload(in)) {
                return null;
            }
            payloadRead = -1;
            if (finalFrame) {
                return completeMessage();
            }
        }
        return null;
    }

    /**
     * Parses and checks the header at the head of {@code in} without consuming it; returns its length, or -1 when it
     * is not all there yet.
     */
    private int readHeader(RingBuffer in) {
        int available = in.length();
        if (available < 2) {
            return -1;
        }
        int b0 = in.peekByte(0);
        int b1 = in.peekByte(1);
        opcode = b0 & 0xF;
        finalFrame = (b0 & FIN) != 0;
        rsv1 = (b0 & RSV1) != 0;
        int length7 = b1 & 0x7F;
        checkReservedBits(b0);
        checkOpcode(length7);
        if ((b1 & MASKED) == 0) {
            throw WebSocketException.protocolError("client frame not masked");
        }
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        if (available < 2 + extended) {
            return -1;
        }
        long length = extended == 0 ? length7 : extended == 2 ? in.peekUnsignedShort(2) : in.peekLong(2);
        if (length < 0) {
            throw WebSocketException.protocolError("64-bit payload length with the most significant bit set");
        }
        if (opcode < Opcode.CLOSE) {
            checkLimits(length, opcode == Opcode.CONTINUATION ? compressed : rsv1);
        }
        payloadLength = (int) length;
        int headerLength = 2 + extended + 4;
        return available < headerLength ? -1 : headerLength;
    }

    /** RSV1 marks the first frame of a compressed data message, once permessage-deflate is agreed; no more. */
    private void checkReservedBits(int b0) {
        if ((b0 & RSV2_RSV3) != 0) {
            throw WebSocketException.protocolError("reserved bits set, but no extension was agreed");
        }
        if (rsv1 && (inflater == null || opcode != Opcode.TEXT && opcode != Opcode.BINARY)) {
            throw WebSocketException.protocolError(inflater == null
                    ? "reserved bits set, but no extension was agreed"
                    : "RSV1 on a frame other than the first of a data message");
        }
    }

    private void checkOpcode(int length7) {
        switch (opcode) {
            case Opcode.CONTINUATION -> {
                if (messageType == null) {
                    throw WebSocketException.protocolError("continuation frame without a message to continue");
                }
            }
            case Opcode.TEXT, Opcode.BINARY -> {
                if (messageType != null) {
                    throw WebSocketException.protocolError("new message before the fragmented one was finished");
                }
            }
            case Opcode.CLOSE, Opcode.PING, Opcode.PONG -> {
                if (!finalFrame) {
                    throw WebSocketException.protocolError("fragmented control frame");
                }
                if (length7 > MAX_CONTROL_PAYLOAD) {
                    throw WebSocketException.protocolError("control frame payload over 125 bytes");
                }
            }
            default -> throw WebSocketException.protocolError("reserved opcode " + opcode);
        }
    }

    /** The frame limit applies to what comes over the wire; the message limit to an uncompressed message here. */
    private void checkLimits(long length, boolean inflating) {
        if (length > maxFrameSize) {
            throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG,
                    "frame of " + length + " bytes exceeds the maximum of " + maxFrameSize);
        }
        if (!inflating && message.length() + length > message.maxSize()) {
            throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG, "message of " + (message.length() + length)
                    + " bytes exceeds the maximum of " + message.maxSize());
        }
    }

    /** Handles a control frame if it is all there; returns false when it is not yet. */
    private boolean readControlFrame(RingBuffer in, int headerLength) {
        if (in.length() < headerLength + payloadLength) {
            return false;
        }
        int key = in.peekInt(headerLength - 4);
        in.retrieve(headerLength);
        byte[] payload = payloadLength == 0 ? EMPTY : in.readBytes(payloadLength);
        Masking.unmask(payload, 0, payload.length, key, 0);
        if (opcode == Opcode.PING) {
            listener.pingReceived(payload);
        } else if (opcode == Opcode.CLOSE) {
            readClose(payload);
        } // a pong, asked for or not, needs nothing
        return true;
    }

    private void readClose(byte[] payload) {
        if (payload.length == 1) {
            throw WebSocketException.protocolError("close frame with a one-byte payload");
        }
        int code = CloseCodes.NO_STATUS;
        String reason = "";
        if (payload.length > 0) {
            code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
            if (!CloseCodes.isValid(code)) {
                throw WebSocketException.protocolError("invalid close code " + code);
            }
            if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
                throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
            }
            reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        closed = true;
        listener.closeReceived(code, reason);
    }

    private void startDataFrame(RingBuffer in, int headerLength) {
        maskKey = in.peekInt(headerLength - 4);
        in.retrieve(headerLength);
        if (messageType == null) {
            messageType = opcode == Opcode.TEXT ? MessageType.TEXT : MessageType.BINARY;
            compressed = rsv1;
            utf8.reset();
        }
        payloadRead = 0;
    }

    /** Moves the payload bytes at hand into the message; returns whether the frame's payload is complete. */
    private boolean readPayload(RingBuffer in) {
        int n = Math.min(in.length(), payloadLength - payloadRead);
        if (n > 0) {
            int from = message.length();
            if (compressed) {
                inflater.inflate(in, n, maskKey, payloadRead, message);
            } else {
                int end = finalFrame ? from + payloadLength - payloadRead : message.maxSize();
                message.reserve(n, end);
                in.read(message.array(), from, n);
                Masking.unmask(message.array(), from, n, maskKey, payloadRead);
                message.advance(n);
            }
            checkUtf8(from);
            payloadRead += n;
        }
        return payloadRead == payloadLength;
    }

    /** Checks the text bytes of the message from {@code from} on. */
    private void checkUtf8(int from) {
        if (messageType == MessageType.TEXT && !utf8.feed(message.array(), from, message.length() - from)) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
    }

    private Frame completeMessage() {
        if (compressed) {
            int from = message.length();
            inflater.finish(message);
            checkUtf8(from);
        }
        if (messageType == MessageType.TEXT && !utf8.isComplete()) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        Frame frame = new Frame(messageType, message.take());
        messageType = null;
        return frame;
    }
}
