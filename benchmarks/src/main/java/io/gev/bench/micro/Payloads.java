package io.gev.bench.micro;

/** Payload bytes for the benchmarks. */
final class Payloads {

    private Payloads() {
    }

    /**
     * {@code length} bytes of lower-case ASCII letters: valid UTF-8 text with no line break, so they fit every framing
     * as they are.
     */
    static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
