package io.gev.websocket;

import static io.gev.websocket.RawClient.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server frames: the shortest header, and text encoded exactly as the JDK encodes UTF-8. */
class FrameEncoderTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "ascii", "é", "\u07FF\u0800", "κόσμε", "\uFFFF", "\uD834\uDD1E", "lone \uD800 high",
        "lone \uDC00 low", "reversed \uDC00\uD800", "ends high \uD834", "mixed a\u00e9\u4e2d\uD83D\uDE00z"})
    void textIsTheJdksUtf8(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = FrameEncoder.text(new StringBuilder(text));
        assertThat(Arrays.copyOfRange(frame, 0, 2)).containsExactly(0x81, payload.length);
        assertThat(Arrays.copyOfRange(frame, 2, frame.length)).isEqualTo(payload);
    }

    @Test
    void headersUseTheShortestLengthForm() {
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[125]), 2)).isEqualTo(hex("827d"));
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[126]), 4)).isEqualTo(hex("827e007e"));
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[65_535]), 4)).isEqualTo(hex("827effff"));
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[65_536]), 10))
                .isEqualTo(hex("827f0000000000010000"));
        assertThat(FrameEncoder.text("é".repeat(100))).hasSize(4 + 200).startsWith(hex("817e00c8"));
    }

    @Test
    void closeFramesCarryCodeAndReasonOrNothingForNoStatus() {
        assertThat(FrameEncoder.close(1000, "")).isEqualTo(hex("8802 03e8"));
        assertThat(FrameEncoder.close(4000, "é")).isEqualTo(hex("8804 0fa0 c3a9"));
        assertThat(FrameEncoder.close(CloseCodes.NO_STATUS, "ignored")).isEqualTo(hex("8800"));
    }
}
