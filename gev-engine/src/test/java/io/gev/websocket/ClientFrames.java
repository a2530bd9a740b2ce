package io.gev.websocket;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Builds client frames exactly as a test wants them, legal or not, masked with a new key each time. */
final class ClientFrames {

    private final Random random = new Random(6455);

    /** A masked frame whose first byte is {@code b0} (FIN, RSV and opcode), with the shortest length form. */
    byte[] frame(int b0, byte[] payload) {
        int form = payload.length < 126 ? payload.length : payload.length <= 0xFFFF ? 126 : 127;
        return frame(b0, payload, form, true);
    }

    /**
     * A frame whose first byte is {@code b0}, whose 7-bit length field is {@code form} (the length itself, or 126 or
     * 127 for the 16- or 64-bit forms, even when shorter would do), masked or not.
     */
    byte[] frame(int b0, byte[] payload, int form, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(b0);
        frame.write((masked ? 0x80 : 0) | form);
        int lengthBytes = form == 126 ? 2 : form == 127 ? 8 : 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            frame.write((int) ((long) payload.length >>> (8 * i)));
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        if (masked) {
            frame.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return frame.toByteArray();
    }
}
