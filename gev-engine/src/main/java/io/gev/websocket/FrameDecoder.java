package io.gev.websocket;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client frames of one WebSocket (RFC 6455, section 5): validates each header, unmasks, reassembles fragmented
 * messages, checks text as UTF-8 and hands control frames to a {@link ControlFrameListener}.
 *
 * <p>A header is checked against the limits before its payload is waited for. A data payload is then consumed as it
 * arrives, straight into the message's array, which grows with the bytes received rather than with the declared
 * length; a message that comes whole in one frame and one read lands in an array of its exact size, which is
 * delivered as is. Violations throw {@link WebSocketException} with the close code to send. Not thread safe; in loop.
 */
final class FrameDecoder {

    private static final byte[] EMPTY = new byte[0];
    private static final int FIN = 0x80;
    private static final int RSV = 0x70;
    private static final int MASKED = 0x80;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final int maxFrameSize;
    private final int maxMessageSize;
    private final ControlFrameListener listener;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The frame at hand: what its header said, its masking key, and the payload bytes read (-1: in the header). */
    private int opcode;
    private boolean finalFrame;
    private int payloadLength;
    private int maskKey;
    private int payloadRead = -1;

    /** The message being assembled (type null between messages). */
    private MessageType messageType;
    private byte[] message;
    private int messageLength;

    /** A close frame arrived: nothing after it is decoded. */
    private boolean closed;

    FrameDecoder(int maxFrameSize, int maxMessageSize, ControlFrameListener listener) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.listener = listener;
    }

    /**
     * Decodes from {@code in} until a message is whole, handling control frames on the way; returns it (its context is
     * its {@link MessageType}), or null when {@code in} is used up or a close frame arrived.
     */
    Frame decode(RingBuffer in) {
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
        if ((b0 & RSV) != 0) {
            throw WebSocketException.protocolError("reserved bits set, but no extension was agreed");
        }
        opcode = b0 & 0xF;
        finalFrame = (b0 & FIN) != 0;
        int length7 = b1 & 0x7F;
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
            checkLimits(length);
        }
        payloadLength = (int) length;
        int headerLength = 2 + extended + 4;
        return available < headerLength ? -1 : headerLength;
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

    private void checkLimits(long length) {
        if (length > maxFrameSize) {
            throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG,
                    "frame of " + length + " bytes exceeds the maximum of " + maxFrameSize);
        }
        if (messageLength + length > maxMessageSize) {
            throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG,
                    "message of " + (messageLength + length) + " bytes exceeds the maximum of " + maxMessageSize);
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
            utf8.reset();
        }
        payloadRead = 0;
    }

    /** Moves the payload bytes at hand into the message; returns whether the frame's payload is complete. */
    private boolean readPayload(RingBuffer in) {
        int n = Math.min(in.length(), payloadLength - payloadRead);
        if (n > 0) {
            int limit = finalFrame ? messageLength + payloadLength - payloadRead : maxMessageSize;
            ensureCapacity(messageLength + n, limit);
            in.read(message, messageLength, n);
            Masking.unmask(message, messageLength, n, maskKey, payloadRead);
            if (messageType == MessageType.TEXT && !utf8.feed(message, messageLength, n)) {
                throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            messageLength += n;
            payloadRead += n;
        }
        return payloadRead == payloadLength;
    }

    /** Grows the message array to hold {@code needed} bytes: at least doubling, never beyond {@code limit}. */
    private void ensureCapacity(int needed, int limit) {
        int capacity = message == null ? 0 : message.length;
        if (needed > capacity) {
            int grown = (int) Math.min(limit, Math.max(needed, 2L * capacity));
            message = message == null ? new byte[grown] : Arrays.copyOf(message, grown);
        }
    }

    private Frame completeMessage() {
        if (messageType == MessageType.TEXT && !utf8.isComplete()) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        byte[] data = messageLength == 0 ? EMPTY
                : message.length == messageLength ? message : Arrays.copyOf(message, messageLength);
        Frame frame = new Frame(messageType, data);
        messageType = null;
        message = null;
        messageLength = 0;
        return frame;
    }
}
