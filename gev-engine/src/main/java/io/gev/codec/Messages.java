package io.gev.codec;

import java.nio.charset.StandardCharsets;

/** The messages the built-in framings send: {@code byte[]} as is, any {@link CharSequence} as UTF-8. */
final class Messages {

    private Messages() {
    }

    static byte[] bytes(Object message) {
        if (message instanceof byte[] b) {
            return b;
        }
        if (message instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("this framing sends byte[] or CharSequence, not "
                + (message == null ? "null" : message.getClass().getName()));
    }

    static int positive(int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        return maxFrameLength;
    }
}
