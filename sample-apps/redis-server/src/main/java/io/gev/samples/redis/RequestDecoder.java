package io.gev.samples.redis;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;

/**
 * The RESP2 request grammar, one connection's worth: multibulk requests ({@code *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n})
 * and inline ones ({@code ECHO hi\r\n}, split by {@link InlineArguments}), as Redis reads them.
 *
 * <p>It consumes every argument as soon as it is whole and keeps the arguments read so far, so a request that arrives
 * in many reads is scanned once. Each declared count and length is checked against the {@link RespLimits} before
 * anything is awaited or allocated for it; a violation throws {@link FrameException} with Redis's wording. Not thread
 * safe: it lives in one connection's protocol context and runs on its loop.
 */
final class RequestDecoder {

    /** What {@link #numberLine} returns when the line has not arrived whole: no valid count or length is this. */
    private static final long NOT_YET = Long.MIN_VALUE;

    private final int maxLineLength;
    private final int maxBulkLength;
    private final int maxArguments;
    private final long maxRequestLength;

    /** The commands, looked up in place when a request's name arrives; null to leave names to the handler. */
    private final CommandTable commands;
    /** The request being read, filled again for each one. */
    private final Request request = new Request();
    /**
     * The frame {@link RespProtocol} returns for every request: the same one each time, since the engine hands a
     * frame to the handler before it unpacks the next.
     */
    private final Frame frame = new Frame(request, new byte[0]);

    /** Arguments of the current multibulk request not yet read; 0 between requests. */
    private int pendingArguments;
    private long requestLength;
    /** Length of the announced argument whose bytes are awaited, or -1 while its {@code $N} header is. */
    private int bulkLength = -1;
    /** Bytes of the current line already searched for its LF. */
    private int scanned;
    /** Where the digits of a {@code *N} or {@code $N} line are copied to be parsed: the longest long has 20. */
    private final byte[] digitScratch = new byte[20];

    RequestDecoder(RespLimits limits) {
        this(limits, null);
    }

    RequestDecoder(RespLimits limits, CommandTable commands) {
        this.commands = commands;
        this.maxLineLength = (int) limits.maxInlineLength().toBytes();
        this.maxBulkLength = (int) limits.maxBulkLength().toBytes();
        this.maxArguments = limits.maxArguments();
        this.maxRequestLength = limits.maxRequestLength().toBytes();
    }

    /** The frame that carries every request this decoder returns. */
    Frame frame() {
        return frame;
    }

    /**
     * The next whole request, its bytes consumed, or null when {@code in} does not hold one yet (what was read of it is
     * consumed and kept). Empty requests ({@code *0}, blank lines) are skipped, as Redis does.
     */
    Request decode(RingBuffer in) {
        while (true) {
            if (pendingArguments > 0) {
                return readArguments(in);
            }
            if (in.isEmpty()) {
                return null;
            }
            if (in.peekByte(0) == '*') {
                if (!startMultibulk(in)) {
                    return null;
                }
            } else {
                int lf = lineEnd(in, "too big inline request");
                if (lf < 0) {
                    return null;
                }
                boolean words = InlineArguments.split(in, contentLength(in, lf), commands, maxArguments, request);
                in.retrieve(lf + 1);
                if (words) {
                    return request;
                }
            }
        }
    }

    /** Reads the arguments of the current multibulk request that have arrived; returns the request once it is whole. */
    private Request readArguments(RingBuffer in) {
        while (true) {
            if (bulkLength < 0 && !readBulkHeader(in)) {
                return null;
            }
            if (in.length() < bulkLength + 2) {
                return null;
            }
            Command named = request.size() == 0 && commands != null ? commands.find(in, 0, bulkLength) : null;
            if (named != null) {
                request.add(named);
                in.retrieve(bulkLength);
            } else {
                request.add(in.readBytes(bulkLength));
            }
            if (in.readByte() != '\r' || in.readByte() != '\n') {
                throw new FrameException("bulk string not followed by CRLF");
            }
            bulkLength = -1;
            if (--pendingArguments == 0) {
                return request;
            }
        }
    }

    /** Reads a {@code *N} line; false when it is not whole yet. An N of 0 or less is an empty request. */
    private boolean startMultibulk(RingBuffer in) {
        long count = shortNumberLine(in);
        if (count < 0) {
            count = numberLine(in, "too big mbulk count string", "invalid multibulk length");
        }
        if (count == NOT_YET) {
            return false;
        }
        if (count > maxArguments) {
            throw new FrameException("invalid multibulk length");
        }
        if (count > 0) {
            pendingArguments = (int) count;
            request.reset((int) Math.min(count, 16)); // grows with what arrives, not what is declared
            requestLength = 0;
        }
        return true;
    }

    /** Reads a {@code $N} line; false when it is not whole yet. */
    private boolean readBulkHeader(RingBuffer in) {
        if (in.isEmpty()) {
            return false;
        }
        byte first = in.peekByte(0);
        if (first != '$') {
            throw new FrameException("expected '$', got '" + (char) (first & 0xFF) + "'");
        }
        long length = shortNumberLine(in);
        if (length < 0) {
            length = numberLine(in, "too big bulk count string", "invalid bulk length");
        }
        if (length == NOT_YET) {
            return false;
        }
        if (length < 0 || length > maxBulkLength) {
            throw new FrameException("invalid bulk length");
        }
        requestLength += length;
        if (requestLength > maxRequestLength) {
            throw new FrameException("request of more than " + maxRequestLength + " bytes");
        }
        bulkLength = (int) length;
        return true;
    }

    /**
     * The common case of a {@code *N} or {@code $N} line, read in one pass: a whole line of at most nine digits
     * without a leading zero, within the line limit, which it consumes and returns. Returns -1, consuming nothing,
     * for anything else, which {@link #numberLine} then reads by the full rules.
     */
    private long shortNumberLine(RingBuffer in) {
        int available = Math.min(in.length(), Math.min(maxLineLength, 10) + 2);
        if (scanned != 0 || available < 4 || in.peekByte(1) == '0') {
            return -1;
        }
        long n = 0;
        for (int i = 1; i < available; i++) {
            int b = in.peekByte(i);
            if (b >= '0' && b <= '9') {
                n = n * 10 + b - '0';
            } else if (b == '\r' && i > 1 && i + 1 < available && in.peekByte(i + 1) == '\n') {
                in.retrieve(i + 2);
                return n;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Consumes a {@code *N} or {@code $N} line and returns its N, read in place, or returns {@link #NOT_YET} when no LF
     * has arrived yet.
     */
    private long numberLine(RingBuffer in, String tooLong, String invalid) {
        int lf = lineEnd(in, tooLong);
        if (lf < 0) {
            return NOT_YET;
        }
        int digits = contentLength(in, lf) - 1;
        if (digits > digitScratch.length) {
            throw new FrameException(invalid);
        }
        in.peek(1, digitScratch, 0, digits);
        in.retrieve(lf + 1);
        try {
            long n = Longs.parse(digitScratch, 0, digits);
            return n == NOT_YET ? -1 : n; // as negative as it gets: an empty request, or an invalid length
        } catch (NumberFormatException e) {
            throw new FrameException(invalid);
        }
    }

    /**
     * The index of the LF that ends the line at the head of {@code in}, or -1 when it has not arrived yet; the search
     * resumes where the previous one stopped. A line longer than the limit, whole or not, is an error.
     */
    private int lineEnd(RingBuffer in, String tooLong) {
        int lf = in.indexOf((byte) '\n', scanned);
        if (lf < 0) {
            scanned = in.length();
            // the last byte may be the line's CR, whose LF is in the next read: it does not count against the limit
            if (scanned > maxLineLength && (scanned > maxLineLength + 1 || in.peekByte(scanned - 1) != '\r')) {
                throw new FrameException(tooLong);
            }
            return -1;
        }
        scanned = 0;
        if (contentLength(in, lf) > maxLineLength) {
            throw new FrameException(tooLong);
        }
        return lf;
    }

    /** The length of the line that ends with the LF at {@code lf}, without its CR. */
    private static int contentLength(RingBuffer in, int lf) {
        return lf > 0 && in.peekByte(lf - 1) == '\r' ? lf - 1 : lf;
    }
}
