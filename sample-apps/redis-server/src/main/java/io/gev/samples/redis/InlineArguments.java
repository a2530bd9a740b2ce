package io.gev.samples.redis;

import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import java.io.ByteArrayOutputStream;

/**
 * The words of an inline command ({@code SET k "a b"\r\n}), split as Redis splits them: at spaces, tabs and CRs; in
 * double quotes with the escapes {@code \n \r \t \b \a \\ \"} and {@code \xHH}; in single quotes with {@code \'}; a
 * closing quote must end its word; a NUL byte ends the line, as it ends Redis's C string. A word without quotes is
 * copied once, straight from the read buffer. Stateless; any thread.
 */
final class InlineArguments {

    private InlineArguments() {
    }

    /**
     * Fills {@code request} with the words of the inline line that takes the first {@code end} bytes of {@code in}
     * (without its line ending), consuming nothing; false when it has none. The first word is looked up in
     * {@code commands} in place when it has no quotes, so a command without arguments ({@code PING}) copies nothing.
     * An unbalanced quote, or more than {@code maxArguments} words, throws {@link FrameException}.
     */
    static boolean split(RingBuffer in, int end, CommandTable commands, int maxArguments, Request request) {
        request.reset(4);
        end = untilNul(in, end);
        int i = 0;
        while (true) {
            while (i < end && isSpace(in.peekByte(i))) {
                i++;
            }
            if (i == end) {
                return request.size() > 0;
            }
            if (request.size() == maxArguments) {
                throw new FrameException("too many arguments in inline request");
            }
            int start = i;
            byte b = 0;
            while (i < end && !endsWord(b = in.peekByte(i)) && b != '"' && b != '\'') {
                i++;
            }
            if (i < end && (b == '"' || b == '\'')) {
                ByteArrayOutputStream word = new ByteArrayOutputStream();
                copy(in, start, i, word);
                i = b == '"' ? doubleQuoted(in, i + 1, end, word) : singleQuoted(in, i + 1, end, word);
                request.add(word.toByteArray());
            } else {
                Command named = request.size() == 0 && commands != null ? commands.find(in, start, i - start) : null;
                if (named != null) {
                    request.add(named);
                } else {
                    byte[] word = new byte[i - start];
                    in.peek(start, word, 0, word.length);
                    request.add(word);
                }
            }
        }
    }

    /** Where the line ends for Redis: at its first NUL byte, if it has one, as a C string ends. */
    private static int untilNul(RingBuffer in, int end) {
        for (int i = 0; i < end; i++) {
            if (in.peekByte(i) == 0) {
                return i;
            }
        }
        return end;
    }

    private static void copy(RingBuffer in, int from, int to, ByteArrayOutputStream word) {
        for (int i = from; i < to; i++) {
            word.write(in.peekByte(i));
        }
    }

    /** Appends the double-quoted text from {@code i} to {@code word}; returns the index after the closing quote. */
    private static int doubleQuoted(RingBuffer in, int i, int end, ByteArrayOutputStream word) {
        for (; i < end; i++) {
            byte b = in.peekByte(i);
            if (b == '\\' && i + 3 < end && in.peekByte(i + 1) == 'x' && isHex(in.peekByte(i + 2)) && isHex(in.peekByte(i + 3))) {
                word.write(Character.digit(in.peekByte(i + 2), 16) << 4 | Character.digit(in.peekByte(i + 3), 16));
                i += 3;
            } else if (b == '\\' && i + 1 < end) {
                word.write(unescape(in.peekByte(++i)));
            } else if (b == '"') {
                return closed(in, i, end);
            } else {
                word.write(b);
            }
        }
        throw unbalanced();
    }

    /** Appends the single-quoted text from {@code i} to {@code word}; returns the index after the closing quote. */
    private static int singleQuoted(RingBuffer in, int i, int end, ByteArrayOutputStream word) {
        for (; i < end; i++) {
            byte b = in.peekByte(i);
            if (b == '\\' && i + 1 < end && in.peekByte(i + 1) == '\'') {
                word.write('\'');
                i++;
            } else if (b == '\'') {
                return closed(in, i, end);
            } else {
                word.write(b);
            }
        }
        throw unbalanced();
    }

    /** The index after the closing quote at {@code quote}, which must be followed by a space or the end. */
    private static int closed(RingBuffer in, int quote, int end) {
        if (quote + 1 < end && !isSpace(in.peekByte(quote + 1))) {
            throw unbalanced();
        }
        return quote + 1;
    }

    private static int unescape(byte b) {
        return switch (b) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> b;
        };
    }

    private static FrameException unbalanced() {
        return new FrameException("unbalanced quotes in request");
    }

    /** What C's {@code isspace} accepts: what separates words. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    /** What ends an unquoted word (vertical tab and form feed do not, as in Redis). */
    private static boolean endsWord(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
