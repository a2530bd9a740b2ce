package io.gev.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.EmbeddedFrames;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * A fixed corpus of hostile inputs for the codec framings that {@link LengthFieldProtocolTest} and
 * {@link DelimiterProtocolTest} do not already hold: lengths that overflow {@code long} arithmetic, the widest fields
 * at their extremes, truncated headers, and delimiters of bytes with the sign bit set. The fuzz tests
 * ({@code *FuzzTest}) roam around these.
 */
class NastyFramingInputsTest {

    private static final byte FF = (byte) 0xFF;

    @Test
    void anEightByteLengthThatOverflowsWithTheHeaderAndAdjustmentIsMalformedNotAnArithmeticSurprise() {
        byte[] maxLong = {0x7F, FF, FF, FF, FF, FF, FF, FF};
        EmbeddedFrames plus = new EmbeddedFrames(LengthFieldProtocol.builder().width(8).offset(3).adjustment(100)
                .maxFrameLength(64).build());
        assertThatThrownBy(() -> plus.feed(concat(new byte[3], maxLong))).isInstanceOf(FrameException.class);
        EmbeddedFrames minus = new EmbeddedFrames(LengthFieldProtocol.builder().width(8).adjustment(Long.MIN_VALUE)
                .maxFrameLength(64).build());
        assertThatThrownBy(() -> minus.feed(maxLong)).isInstanceOf(FrameException.class);
        EmbeddedFrames included = new EmbeddedFrames(LengthFieldProtocol.builder().width(8).includesHeader(true)
                .byteOrder(ByteOrder.LITTLE_ENDIAN).maxFrameLength(64).build());
        assertThatThrownBy(() -> included.feed(new byte[] {FF, FF, FF, FF, FF, FF, FF, FF}))
                .isInstanceOf(FrameException.class).hasMessageContaining("impossible");
    }

    @Test
    void theWidestThreeAndFourByteValuesExceedTheMaximumAtOnce() {
        EmbeddedFrames three = new EmbeddedFrames(LengthFieldProtocol.builder().width(3).maxFrameLength(100).build());
        assertThatThrownBy(() -> three.feed(new byte[] {FF, FF, FF})).isInstanceOf(FrameException.class)
                .hasMessage("frame of 16777218 bytes exceeds the maximum of 100");
        EmbeddedFrames four = new EmbeddedFrames(LengthFieldProtocol.builder().maxFrameLength(100).build());
        assertThatThrownBy(() -> four.feed(new byte[] {FF, FF, FF, FF})).isInstanceOf(FrameException.class)
                .hasMessage("frame of 4294967299 bytes exceeds the maximum of 100");
    }

    @Test
    void aTruncatedHeaderWaitsAndConsumesNothingWhateverItsBytes() {
        EmbeddedFrames d = new EmbeddedFrames(LengthFieldProtocol.builder().width(8).offset(2).maxFrameLength(16)
                .build());
        assertThat(d.feed(new byte[] {FF, FF, FF, FF, FF, FF, FF, FF, FF})).isEmpty(); // 9 of the 10 header bytes
        assertThat(d.buffered()).isEqualTo(9);
        assertThatThrownBy(() -> d.feed(new byte[] {FF})).isInstanceOf(FrameException.class);
    }

    @Test
    void aStripLongerThanTheFrameIsMalformed() {
        EmbeddedFrames d = new EmbeddedFrames(LengthFieldProtocol.builder().width(1).includesHeader(true).stripBytes(5)
                .maxFrameLength(16).build());
        assertThatThrownBy(() -> d.feed(new byte[] {3, 'a', 'b'})).isInstanceOf(FrameException.class)
                .hasMessageContaining("shorter than the 5 bytes to strip");
    }

    @Test
    void delimitersOfHighBytesAreFoundAndNotConfusedWithTheirPrefixes() {
        EmbeddedFrames d = new EmbeddedFrames(DelimiterProtocol.of(new byte[] {FF, (byte) 0x80}, 4));
        assertThat(d.feed(new byte[] {'a', FF, FF, (byte) 0x80, FF})).singleElement()
                .satisfies(f -> assertThat(f.data()).containsExactly('a', FF));
        assertThat(d.buffered()).isEqualTo(1); // a lone FF may start the next delimiter
        assertThat(d.feed(new byte[] {(byte) 0x80})).singleElement().satisfies(f -> assertThat(f.data()).isEmpty());
    }

    @Test
    void onlyOneCarriageReturnIsStrippedFromALine() {
        EmbeddedFrames d = new EmbeddedFrames(DelimiterProtocol.lines(8, false));
        assertThat(d.feed(new byte[] {'a', '\r', '\r', '\n', '\r', '\n'})).extracting(f -> f.data().length)
                .containsExactly(2, 0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
