package io.gev.codec;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.EmbeddedFrames;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LengthFieldProtocol} on fuzzed streams under fuzzed settings (field width 1, 2, 3, 4 or 8 in either byte
 * order, offset, adjustment, bytes stripped, whether the length includes the header) and a small maximum: only
 * {@link FrameException}, no frame over the maximum, the same outcome however the stream is cut, and the frames (or
 * the failure) of a reference that follows the documented formula.
 */
class LengthFieldProtocolFuzzTest {

    private static final int[] WIDTHS = {1, 2, 3, 4, 8};

    static Stream<byte[]> seeds() {
        return Stream.of(
                // defaults (4-byte BE, offset 0, strip all): "hi", "", "abc"
                FramingFuzz.seed(new byte[] {0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c'},
                        3, 0, 8, 0, 100),
                // 1-byte field at offset 1, adjustment -1, keep the header
                FramingFuzz.seed(new byte[] {9, 3, 'a', 'b', 7, 1}, 0, 1, 7, 1, 16),
                // 8-byte little-endian length including the header
                FramingFuzz.seed(new byte[] {10, 0, 0, 0, 0, 0, 0, 0, 'x', 'y', 8, 0, 0, 0, 0, 0, 0, 0},
                        4 | 8 | 16, 0, 8, 0, 64),
                // 8-byte field with the top bit set
                FramingFuzz.seed(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 1}, 4, 0, 8, 0, 64));
    }

    /**
     * Settings: 0 width ({@code WIDTHS[s0 % 5]}), bit 3 little-endian, bit 4 includes header; 1 offset 0 to 3; 2
     * adjustment {@code s2 % 17 - 8}; 3 strip: 0 for the default (the whole header), else {@code (s3 - 1) % (header +
     * 2)}; 4 maximum frame length 1 to 128.
     */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void framesAreCutAsTheDocumentedFormulaSays(byte[] data) {
        FramingFuzz.Input input = FramingFuzz.input(data, 5);
        int width = WIDTHS[(input.setting(0) & 7) % 5];
        ByteOrder order = (input.setting(0) & 8) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        boolean includesHeader = (input.setting(0) & 16) != 0;
        int offset = input.setting(1) & 3;
        int adjustment = input.setting(2) % 17 - 8;
        int header = offset + width;
        int strip = input.setting(3) == 0 ? header : (input.setting(3) - 1) % (header + 2);
        int max = 1 + input.setting(4) % 128;
        LengthFieldProtocol.Builder builder = LengthFieldProtocol.builder().width(width).byteOrder(order)
                .offset(offset).adjustment(adjustment).includesHeader(includesHeader).maxFrameLength(max);
        if (input.setting(3) != 0) {
            builder.stripBytes(strip);
        }
        LengthFieldProtocol protocol = builder.build();

        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input, FrameException.class,
                Function.identity());
        for (Frame frame : outcome.frames()) {
            check(frame.data().length + strip <= max, "a frame of " + (frame.data().length + strip)
                    + " bytes over the maximum " + max);
        }
        List<byte[]> expected = new ArrayList<>();
        boolean failed = reference(input.stream(), width, order, offset, adjustment, includesHeader, strip, max,
                expected);
        check(failed == (outcome.failure() != null), "reference failed=" + failed + " but got " + outcome.failure());
        check(expected.size() == outcome.frames().size(),
                "reference has " + expected.size() + " frames, got " + outcome.frames().size());
        for (int i = 0; i < expected.size(); i++) {
            check(Arrays.equals(expected.get(i), outcome.frames().get(i).data()), "frame " + i + " differs");
        }

        // what pack writes for a stripped payload comes back out
        if (strip == header && !includesHeader && adjustment == 0 && input.stream().length + header <= max
                && (width == 8 || input.stream().length < 1L << (8 * width))) {
            EmbeddedFrames driver = new EmbeddedFrames(protocol);
            List<Frame> back = driver.feed(driver.pack(input.stream()));
            check(back.size() == 1 && Arrays.equals(back.get(0).data(), input.stream()), "pack then unpack");
        }
    }

    /** Adds the frames of {@code stream} to {@code out}; returns whether the stream fails after them. */
    private static boolean reference(byte[] stream, int width, ByteOrder order, int offset, int adjustment,
            boolean includesHeader, int strip, int max, List<byte[]> out) {
        int header = offset + width;
        int start = 0;
        while (stream.length - start >= header) {
            long value = 0;
            for (int i = 0; i < width; i++) {
                long b = stream[start + offset + i] & 0xFFL;
                value |= order == ByteOrder.BIG_ENDIAN ? b << (8 * (width - 1 - i)) : b << (8 * i);
            }
            if (value < 0) {
                return true; // an 8-byte field with its top bit set
            }
            long frameLength = (includesHeader ? 0 : header) + value + adjustment; // an overflow goes negative: fails too
            if (frameLength < header || frameLength > max || frameLength < strip) {
                return true;
            }
            if (stream.length - start < frameLength) {
                return false;
            }
            out.add(Arrays.copyOfRange(stream, start + strip, start + (int) frameLength));
            start += (int) frameLength;
        }
        return false;
    }
}
