package io.gev.codec;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.EmbeddedFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DelimiterProtocol} on fuzzed streams, as lines or with a fuzzed delimiter of one to three bytes and a small
 * maximum: only {@link FrameException}, no frame over the maximum, the same outcome however the stream is cut, and the
 * frames (or the failure) of an obvious reference implementation.
 */
class DelimiterProtocolFuzzTest {

    static Stream<byte[]> seeds() {
        return Stream.of(
                FramingFuzz.seed(bytes("PING\r\nhello world\nx\r\r\n\n"), 0, 0, 0, 0, 20),
                FramingFuzz.seed(bytes("a||b|||c||"), 3, '|', '|', 0, 8),
                FramingFuzz.seed(bytes("abcabcXYZ\r\n\r\n"), 5, '\r', '\n', 0, 4),
                FramingFuzz.seed(bytes("aaab" + "x".repeat(40) + "aab"), 5, 'a', 'a', 'b', 40));
    }

    /**
     * Settings: 0 picks lines (even; bit 1: CRLF replies) or a delimiter of {@code 1 + (s0 >> 1) % 3} bytes taken from
     * settings 1 to 3; setting 4 the maximum frame length, 1 to 64.
     */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void framesAreCutAsTheReferenceCutsThem(byte[] data) {
        FramingFuzz.Input input = FramingFuzz.input(data, 5);
        int max = 1 + input.setting(4) % 64;
        boolean lines = (input.setting(0) & 1) == 0;
        byte[] delimiter = lines ? new byte[] {'\n'}
                : Arrays.copyOf(new byte[] {(byte) input.setting(1), (byte) input.setting(2),
                        (byte) input.setting(3)}, 1 + (input.setting(0) >> 1) % 3);
        DelimiterProtocol protocol = lines ? DelimiterProtocol.lines(max, (input.setting(0) & 2) != 0)
                : DelimiterProtocol.of(delimiter, max);

        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input, FrameException.class,
                Function.identity());
        for (Frame frame : outcome.frames()) {
            check(frame.data().length <= max, "a frame of " + frame.data().length + " bytes over the maximum " + max);
        }
        Reference expected = reference(input.stream(), delimiter, lines, max);
        check(expected.failed == (outcome.failure() != null),
                "reference failed=" + expected.failed + " but got " + outcome.failure());
        check(expected.frames.size() == outcome.frames().size(),
                "reference has " + expected.frames.size() + " frames, got " + outcome.frames().size());
        for (int i = 0; i < expected.frames.size(); i++) {
            check(Arrays.equals(expected.frames.get(i), outcome.frames().get(i).data()), "frame " + i + " differs");
        }
    }

    private record Reference(List<byte[]> frames, boolean failed) {
    }

    /**
     * The frames of {@code stream} as the documentation describes them: cut at the first delimiter (a CR before the LF
     * of a line stripped too); a frame over the maximum fails, and so do more than the maximum bytes (plus a CR for
     * lines) without a delimiter in them.
     */
    private static Reference reference(byte[] stream, byte[] delimiter, boolean lines, int max) {
        List<byte[]> frames = new ArrayList<>();
        int start = 0;
        while (start < stream.length) {
            int end = -1;
            for (int i = start; i + delimiter.length <= stream.length && end < 0; i++) {
                if (Arrays.equals(stream, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                    end = i;
                }
            }
            if (end < 0) {
                int undelimited = Math.max(0, stream.length - start - delimiter.length + 1);
                return new Reference(frames, undelimited > max + (lines ? 1 : 0));
            }
            int length = end - start;
            if (lines && length > 0 && stream[end - 1] == '\r') {
                length--;
            }
            if (length > max) {
                return new Reference(frames, true);
            }
            frames.add(Arrays.copyOfRange(stream, start, start + length));
            start = end + delimiter.length;
        }
        return new Reference(frames, false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
