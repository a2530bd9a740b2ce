package io.gev.codec;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Frames that end with a delimiter, which is stripped: lines ({@link #lines}, LF or CRLF) or any byte sequence
 * ({@link #of}). {@code pack} appends the delimiter ({@code \n} or {@code \r\n} for lines, as configured).
 *
 * <p>A frame longer than the maximum fails as soon as that many bytes arrived without a delimiter, so a peer can make
 * the connection hold at most {@code maxFrameLength} plus one read. The search resumes where the previous one
 * stopped (kept in the connection's protocol context), so a line dribbled byte by byte costs linear time.
 * Stateless otherwise: one instance serves every connection. In loop.
 */
public final class DelimiterProtocol implements Protocol {

    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] delimiter;
    private final byte[] packDelimiter;
    private final boolean stripCarriageReturn;
    private final int maxFrameLength;

    private DelimiterProtocol(byte[] delimiter, byte[] packDelimiter, boolean stripCarriageReturn, int maxFrameLength) {
        this.delimiter = delimiter;
        this.packDelimiter = packDelimiter;
        this.stripCarriageReturn = stripCarriageReturn;
        this.maxFrameLength = FrameException.checkMaxFrameLength(maxFrameLength);
    }

    /**
     * Lines ended by LF, with a CR before it stripped too; replies end with {@code \r\n} when {@code crlf}, else
     * {@code \n}.
     */
    public static DelimiterProtocol lines(int maxFrameLength, boolean crlf) {
        return new DelimiterProtocol(LF, crlf ? CRLF : LF, true, maxFrameLength);
    }

    /** Frames ended by {@code delimiter} (one or more bytes); replies end with it too. */
    public static DelimiterProtocol of(byte[] delimiter, int maxFrameLength) {
        if (delimiter == null || delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        byte[] copy = delimiter.clone();
        return new DelimiterProtocol(copy, copy, false, maxFrameLength);
    }

    /** Frames ended by the UTF-8 bytes of {@code delimiter}. */
    public static DelimiterProtocol of(String delimiter, int maxFrameLength) {
        return of(delimiter.getBytes(StandardCharsets.UTF_8), maxFrameLength);
    }

    /** The longest frame accepted, delimiter excluded. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        SearchState state = state(connection);
        int end = find(in, state.scanned);
        if (end < 0) {
            int scanned = Math.max(0, in.length() - delimiter.length + 1);
            state.scanned = scanned;
            if (scanned > maxFrameLength + (stripCarriageReturn ? 1 : 0)) {
                throw new FrameException("no delimiter within " + maxFrameLength + " bytes");
            }
            return null;
        }
        state.scanned = 0;
        int length = end;
        if (stripCarriageReturn && length > 0 && in.peekByte(length - 1) == '\r') {
            length--;
        }
        if (length > maxFrameLength) {
            throw new FrameException("frame of " + length + " bytes exceeds the maximum of " + maxFrameLength);
        }
        byte[] data = in.readBytes(length);
        in.retrieve(end - length + delimiter.length);
        return Frame.of(data);
    }

    /** Index of the first delimiter at or after {@code from}, or -1. */
    private int find(RingBuffer in, int from) {
        byte first = delimiter[0];
        int i = in.indexOf(first, from);
        while (i >= 0 && i <= in.length() - delimiter.length) {
            if (matchesAt(in, i)) {
                return i;
            }
            i = in.indexOf(first, i + 1);
        }
        return -1;
    }

    private boolean matchesAt(RingBuffer in, int index) {
        for (int k = 1; k < delimiter.length; k++) {
            if (in.peekByte(index + k) != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        byte[] body = Protocol.raw().pack(connection, message);
        byte[] out = Arrays.copyOf(body, body.length + packDelimiter.length);
        System.arraycopy(packDelimiter, 0, out, body.length, packDelimiter.length);
        return out;
    }

    private static SearchState state(Connection connection) {
        Object s = connection.protocolContext();
        if (s instanceof SearchState state) {
            return state;
        }
        SearchState state = new SearchState();
        connection.setProtocolContext(state);
        return state;
    }

    /** How far the search for a delimiter got in the bytes buffered so far. */
    private static final class SearchState {
        int scanned;
    }

    /** {@code line}, or {@code delimiter} and the delimiter's bytes: the framing in the server's log lines. */
    @Override
    public String toString() {
        return stripCarriageReturn ? "line" : "delimiter " + Arrays.toString(delimiter);
    }
}
