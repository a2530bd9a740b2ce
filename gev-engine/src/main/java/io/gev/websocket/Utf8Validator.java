package io.gev.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) of a message that
 * arrives in pieces: a sequence may be split between pieces, and an invalid byte is caught in the piece it is in. Runs
 * of ASCII are checked eight bytes at a time. Not thread safe; in loop.
 */
final class Utf8Validator {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long NON_ASCII = 0x8080808080808080L;

    /** Continuation bytes still expected, and the range the next one must be in. */
    private int pending;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Whether {@code len} bytes of {@code bytes} from {@code off} are, on their own, complete valid UTF-8. */
    static boolean isValid(byte[] bytes, int off, int len) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(bytes, off, len) && validator.isComplete();
    }

    /** Checks the next piece; false when it makes the text invalid (the validator must then be reset). */
    boolean feed(byte[] bytes, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (pending == 0) {
                while (i <= end - Long.BYTES && ((long) LONGS.get(bytes, i) & NON_ASCII) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    break;
                }
                if (!lead(bytes[i++] & 0xFF)) {
                    return false;
                }
            } else {
                int b = bytes[i++] & 0xFF;
                if (b < lower || b > upper) {
                    return false;
                }
                pending--;
                lower = 0x80;
                upper = 0xBF;
            }
        }
        return true;
    }

    /** Whether the bytes so far end on a character boundary. */
    boolean isComplete() {
        return pending == 0;
    }

    /** Starts over for a new text. */
    void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Takes the first byte of a character; false when no character starts with it. */
    private boolean lead(int b) {
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            if (b == 0xE0) {
                lower = 0xA0; // no overlong three-byte forms
            } else if (b == 0xED) {
                upper = 0x9F; // no surrogates U+D800..U+DFFF
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            if (b == 0xF0) {
                lower = 0x90; // no overlong four-byte forms
            } else if (b == 0xF4) {
                upper = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return false; // a continuation byte, an overlong two-byte lead (C0, C1) or F5..FF
        }
        return true;
    }
}
