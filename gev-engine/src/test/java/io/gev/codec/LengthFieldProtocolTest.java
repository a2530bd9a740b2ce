package io.gev.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.EmbeddedFrames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthFieldProtocolTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "width {0}, {1}, offset {2}, adjustment {3}, includes header {4}")
    @CsvSource({
        "1, BIG, 0, 0, false", "2, BIG, 0, 0, false", "3, BIG, 0, 0, false", "4, BIG, 0, 0, false",
        "8, BIG, 0, 0, false", "2, LITTLE, 0, 0, false", "3, LITTLE, 2, 0, false", "8, LITTLE, 1, 0, false",
        "4, BIG, 3, -2, false", "4, BIG, 0, 0, true", "2, LITTLE, 2, -1, true"})
    void packThenUnpackRoundTripsAtEverySplit(int width, String order, int offset, int adjustment,
            boolean includesHeader) {
        LengthFieldProtocol protocol = LengthFieldProtocol.builder().width(width)
                .byteOrder("BIG".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).offset(offset)
                .adjustment(adjustment).includesHeader(includesHeader).maxFrameLength(200).build();
        EmbeddedFrames codec = new EmbeddedFrames(protocol);
        ByteBuffer stream = ByteBuffer.allocate(1000);
        List<String> bodies = List.of("", "a", "hello world", "x".repeat(150));
        for (String body : bodies) {
            stream.put(codec.pack(body));
        }
        byte[] all = java.util.Arrays.copyOf(stream.array(), stream.position());
        for (int split = 0; split <= all.length; split++) {
            assertThat(EmbeddedFrames.splitAt(protocol, all, split)).as("split at %d", split)
                    .extracting(f -> new String(f.data(), StandardCharsets.UTF_8)).containsExactlyElementsOf(bodies);
        }
    }

    @Test
    void headerBytesAreWrittenAsConfigured() {
        EmbeddedFrames be = new EmbeddedFrames(LengthFieldProtocol.builder().width(2).offset(1).build());
        assertThat(be.pack("abc")).containsExactly(0, 0, 3, 'a', 'b', 'c');
        EmbeddedFrames le = new EmbeddedFrames(LengthFieldProtocol.builder().width(3).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .includesHeader(true).build());
        assertThat(le.pack(new byte[300])).startsWith(0x2F, 0x01, 0x00); // 303 = 0x012F
    }

    @Test
    void strippingLessKeepsPartOfTheHeader() {
        EmbeddedFrames d = new EmbeddedFrames(LengthFieldProtocol.builder().width(2).offset(2).stripBytes(2).build());
        byte[] frame = {'T', 'Y', 0, 2, 'o', 'k'};
        assertThat(d.feed(frame)).singleElement().satisfies(f -> assertThat(f.data()).containsExactly(0, 2, 'o', 'k'));
    }

    @Test
    void aDeclaredLengthOverTheMaximumFailsAtOnceWithoutWaitingForIt() {
        EmbeddedFrames d = new EmbeddedFrames(LengthFieldProtocol.builder().maxFrameLength(1024).build());
        byte[] hugeHeader = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        assertThatThrownBy(() -> d.feed(hugeHeader)).isInstanceOf(FrameException.class)
                .hasMessageContaining("exceeds the maximum of 1024");
        EmbeddedFrames wide = new EmbeddedFrames(LengthFieldProtocol.builder().width(8).build());
        assertThatThrownBy(() -> wide.feed(new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(FrameException.class).hasMessageContaining("impossible frame length");
    }

    @Test
    void impossibleLengthsAreMalformed() {
        EmbeddedFrames tooShort = new EmbeddedFrames(LengthFieldProtocol.builder().includesHeader(true).build());
        assertThatThrownBy(() -> tooShort.feed(new byte[] {0, 0, 0, 2}))
                .isInstanceOf(FrameException.class).hasMessageContaining("impossible frame length 2");
        EmbeddedFrames negative = new EmbeddedFrames(LengthFieldProtocol.builder().adjustment(-10).build());
        assertThatThrownBy(() -> negative.feed(new byte[] {0, 0, 0, 3}))
                .isInstanceOf(FrameException.class).hasMessageContaining("impossible");
    }

    @Test
    void invalidSettingsAndOversizedRepliesAreRefused() {
        assertThatThrownBy(() -> LengthFieldProtocol.builder().width(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1, 2, 3, 4 or 8");
        assertThatThrownBy(() -> LengthFieldProtocol.builder().offset(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        EmbeddedFrames oneByte = new EmbeddedFrames(LengthFieldProtocol.builder().width(1).build());
        assertThatThrownBy(() -> oneByte.pack(new byte[256])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit a 1-byte length field");
        assertThat(oneByte.isClosed()).isTrue();
        assertThat(new EmbeddedFrames(LengthFieldProtocol.builder().width(1).build()).pack(b("ok")))
                .containsExactly(2, 'o', 'k');
    }
}
