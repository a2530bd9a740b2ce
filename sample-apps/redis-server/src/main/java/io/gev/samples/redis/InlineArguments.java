package io.gev.samples.redis;

import io.gev.codec.FrameException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The words of an inline command ({@code SET k "a b"\r\n}), split as Redis splits them: at spaces, tabs and CRs; in
 * double quotes with the escapes {@code \n \r \t \b \a \\ \"} and {@code \xHH}; in single quotes with {@code \'}; a
 * closing quote must end its word; a NUL byte ends the line, as it ends Redis's C string. A word without quotes is
 * copied once, straight from the line. Stateless; any thread.
 */
final class InlineArguments {

    private InlineArguments() {
    }

    /**
     * Fills {@code request} with the words of {@code line} (without its line ending); false when it has none. An
     * unbalanced quote, or more than {@code maxArguments} words, throws {@link FrameException}.
     */
    static boolean split(byte[] line, int maxArguments, Request request) {
        request.reset(4);
        int end = 0;
        while (end < line.length && line[end] != 0) {
            end++;
        }
        int i = 0;
        while (true) {
            while (i < end && isSpace(line[i])) {
                i++;
            }
            if (i == end) {
                return request.size() > 0;
            }
            if (request.size() == maxArguments) {
                throw new FrameException("too many arguments in inline request");
            }
            int start = i;
            while (i < end && !endsWord(line[i]) && line[i] != '"' && line[i] != '\'') {
                i++;
            }
            if (i < end && (line[i] == '"' || line[i] == '\'')) {
                ByteArrayOutputStream word = new ByteArrayOutputStream();
                word.write(line, start, i - start);
                i = line[i] == '"' ? doubleQuoted(line, i + 1, end, word) : singleQuoted(line, i + 1, end, word);
                request.add(word.toByteArray());
            } else {
                request.add(Arrays.copyOfRange(line, start, i));
            }
        }
    }

    /** Appends the double-quoted text from {@code i} to {@code word}; returns the index after the closing quote. */
    private static int doubleQuoted(byte[] line, int i, int end, ByteArrayOutputStream word) {
        for (; i < end; i++) {
            byte b = line[i];
            if (b == '\\' && i + 3 < end && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                word.write(Character.digit(line[i + 2], 16) << 4 | Character.digit(line[i + 3], 16));
                i += 3;
            } else if (b == '\\' && i + 1 < end) {
                word.write(unescape(line[++i]));
            } else if (b == '"') {
                return closed(line, i, end);
            } else {
                word.write(b);
            }
        }
        throw unbalanced();
    }

    /** Appends the single-quoted text from {@code i} to {@code word}; returns the index after the closing quote. */
    private static int singleQuoted(byte[] line, int i, int end, ByteArrayOutputStream word) {
        for (; i < end; i++) {
            byte b = line[i];
            if (b == '\\' && i + 1 < end && line[i + 1] == '\'') {
                word.write('\'');
                i++;
            } else if (b == '\'') {
                return closed(line, i, end);
            } else {
                word.write(b);
            }
        }
        throw unbalanced();
    }

    /** The index after the closing quote at {@code quote}, which must be followed by a space or the end. */
    private static int closed(byte[] line, int quote, int end) {
        if (quote + 1 < end && !isSpace(line[quote + 1])) {
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
