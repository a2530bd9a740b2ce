package io.gev.samples.redis;

/**
 * Redis's glob patterns, byte for byte as {@code KEYS}, {@code SCAN MATCH} and {@code CONFIG GET} read them:
 * {@code *} (any bytes), {@code ?} (one byte), {@code [abc]}, {@code [^abc]}, {@code [a-z]} (either order) and
 * {@code \x} (the byte x, also inside brackets); an unclosed bracket ends the class at the end of the pattern.
 * Immutable and thread safe.
 */
final class Glob {

    /** Nested stars followed beyond this depth match nothing, as in Redis: a bound on the work of a pattern. */
    private static final int MAX_NESTING = 1000;

    private final byte[] pattern;
    private final boolean ignoreCase;

    /** A pattern of {@code pattern}'s bytes, ASCII letters matching in any case when {@code ignoreCase}. */
    Glob(byte[] pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
    }

    /** Whether the pattern is {@code *} alone, which matches everything. */
    boolean matchesAll() {
        return pattern.length == 1 && pattern[0] == '*';
    }

    /** Whether {@code text} matches the pattern. Any thread. */
    boolean matches(byte[] text) {
        if (text.length == 0) {
            return pattern.length == 0; // Redis tries no pattern byte on empty text: "*" alone is every caller's case
        }
        return match(0, text, 0, 0, new boolean[1]);
    }

    /**
     * Whether {@code text[t..]} matches {@code pattern[p..]}. {@code gaveUp} is set when a star ran out of text to
     * try: a star before it could not do better by starting later, so it stops too.
     */
    private boolean match(int p, byte[] text, int t, int nesting, boolean[] gaveUp) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (p < pattern.length && t < text.length) {
            switch (pattern[p]) {
                case '*' -> {
                    while (p + 1 < pattern.length && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pattern.length) {
                        return true;
                    }
                    for (; t < text.length; t++) {
                        if (match(p + 1, text, t, nesting + 1, gaveUp)) {
                            return true;
                        }
                        if (gaveUp[0]) {
                            return false;
                        }
                    }
                    gaveUp[0] = true;
                    return false;
                }
                case '?' -> t++;
                case '[' -> {
                    p = matchClass(p + 1, text[t]);
                    if (p < 0) {
                        return false;
                    }
                    t++;
                }
                default -> {
                    if (pattern[p] == '\\' && p + 1 < pattern.length) {
                        p++;
                    }
                    if (!same(pattern[p], text[t])) {
                        return false;
                    }
                    t++;
                }
            }
            p++;
        }
        while (t == text.length && p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length && t == text.length;
    }

    /**
     * Whether {@code c} is in the class that starts at {@code from} (after the {@code [}); returns the index of its
     * last byte (the closing {@code ]}, or the pattern's last byte when none closes it), negated when {@code c} is
     * not in it. Like Redis, {@code x-y} is a range whenever two more bytes follow the {@code x}, even a {@code ]}.
     */
    private int matchClass(int from, byte c) {
        boolean negated = from < pattern.length && pattern[from] == '^';
        int p = negated ? from + 1 : from;
        boolean found = false;
        while (true) {
            if (p + 1 < pattern.length && pattern[p] == '\\') {
                found |= pattern[++p] == c;
            } else if (p >= pattern.length) {
                p--;
                break;
            } else if (pattern[p] == ']') {
                break;
            } else if (p + 2 < pattern.length && pattern[p + 1] == '-') {
                found |= inRange(pattern[p], pattern[p + 2], c);
                p += 2;
            } else {
                found |= same(pattern[p], c);
            }
            p++;
        }
        return found != negated ? p : -p - 1;
    }

    private boolean inRange(byte from, byte to, byte c) {
        int low = fold(from);
        int high = fold(to);
        int x = fold(c);
        return Math.min(low, high) <= x && x <= Math.max(low, high);
    }

    private boolean same(byte a, byte b) {
        return a == b || ignoreCase && fold(a) == fold(b);
    }

    private int fold(byte b) {
        int c = b & 0xFF;
        return ignoreCase && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
