package io.gev.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Frame;
import io.gev.EmbeddedFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimiterProtocolTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<Frame> frames) {
        return frames.stream().map(f -> new String(f.data(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void linesEndWithLfOrCrlfAndLoseTheirEnding() {
        EmbeddedFrames d = new EmbeddedFrames(DelimiterProtocol.lines(100, false));
        assertThat(strings(d.feed(b("one\ntwo\r\n\nfour\r")))).containsExactly("one", "two", "");
        assertThat(d.buffered()).isEqualTo(5);
        assertThat(strings(d.feed(b("\nfive")))).containsExactly("four");
        assertThat(d.buffered()).isEqualTo(4);
    }

    @Test
    void everySplitOfAStreamGivesTheSameLines() {
        byte[] stream = b("alpha\r\nbeta\n\r\ngamma-delta\nε\n");
        for (int split = 0; split <= stream.length; split++) {
            assertThat(strings(EmbeddedFrames.splitAt(DelimiterProtocol.lines(64, false), stream, split)))
                    .as("split at %d", split).containsExactly("alpha", "beta", "", "gamma-delta", "ε");
        }
    }

    @Test
    void multiByteDelimitersAreFoundAcrossSplitsAndNotConfusedByPrefixes() {
        byte[] stream = b("a|b||c|||d||");
        for (int split = 0; split <= stream.length; split++) {
            assertThat(strings(EmbeddedFrames.splitAt(DelimiterProtocol.of("||", 64), stream, split)))
                    .as("split at %d", split).containsExactly("a|b", "c", "|d");
        }
    }

    @Test
    void aLineLongerThanTheMaximumFailsBeforeItsEndArrives() {
        EmbeddedFrames d = new EmbeddedFrames(DelimiterProtocol.lines(8, false));
        assertThat(d.feed(b("12345678\r"))).isEmpty(); // 8 bytes and a CR may still end well
        assertThat(strings(d.feed(b("\n")))).containsExactly("12345678");
        assertThatThrownBy(() -> d.feed(b("123456789X"))).isInstanceOf(FrameException.class)
                .hasMessage("no delimiter within 8 bytes");
        EmbeddedFrames e = new EmbeddedFrames(DelimiterProtocol.lines(8, false));
        assertThatThrownBy(() -> e.feed(b("123456789\n"))).isInstanceOf(FrameException.class)
                .hasMessage("frame of 9 bytes exceeds the maximum of 8");
    }

    @Test
    void aLineDribbledByteByByteIsScannedOnce() {
        DelimiterProtocol lines = DelimiterProtocol.lines(1 << 20, false);
        EmbeddedFrames d = new EmbeddedFrames(lines);
        byte[] one = {'x'};
        for (int i = 0; i < 100_000; i++) { // quadratic rescanning would take minutes here
            assertThat(d.feed(one)).isEmpty();
        }
        assertThat(d.feed(b("\n"))).singleElement().satisfies(f -> assertThat(f.data()).hasSize(100_000));
    }

    @Test
    void packAppendsTheDelimiter() {
        assertThat(new EmbeddedFrames(DelimiterProtocol.lines(10, true)).pack("hi")).isEqualTo(b("hi\r\n"));
        assertThat(new EmbeddedFrames(DelimiterProtocol.lines(10, false)).pack(b("hi"))).isEqualTo(b("hi\n"));
        assertThat(new EmbeddedFrames(DelimiterProtocol.of(new byte[] {0}, 10)).pack("x")).containsExactly('x', 0);
        assertThatThrownBy(() -> DelimiterProtocol.of(new byte[0], 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DelimiterProtocol.lines(0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
