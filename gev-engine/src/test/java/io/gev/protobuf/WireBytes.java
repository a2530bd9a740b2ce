package io.gev.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-written wire bytes: each part is a byte value (an int 0..255) or a string written as UTF-8. */
final class WireBytes {

    private WireBytes() {
    }

    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                int b = (Integer) part;
                if (b < 0 || b > 0xFF) {
                    throw new IllegalArgumentException("not a byte: " + b);
                }
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** All of {@code chunks}, one after the other. */
    static byte[] concat(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
