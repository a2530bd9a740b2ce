package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unmasking eight bytes at a time equals the RFC's byte-by-byte definition at every offset, length and position. */
class MaskingTest {

    @Test
    void unmaskEqualsTheByteByByteDefinition() {
        byte[] key = {(byte) 0x9A, 0x13, (byte) 0xF0, 0x5C};
        int keyInt = (key[0] & 0xFF) << 24 | (key[1] & 0xFF) << 16 | (key[2] & 0xFF) << 8 | key[3] & 0xFF;
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len < 40; len++) {
                for (int position = 0; position < 8; position++) {
                    byte[] bytes = RawClient.bytes(off + len + 3);
                    byte[] expected = bytes.clone();
                    for (int i = 0; i < len; i++) {
                        expected[off + i] ^= key[(position + i) % 4];
                    }
                    Masking.unmask(bytes, off, len, keyInt, position);
                    assertThat(bytes).as("off %d len %d position %d", off, len, position).isEqualTo(expected);
                }
            }
        }
    }
}
