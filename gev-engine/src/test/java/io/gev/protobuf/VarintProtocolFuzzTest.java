package io.gev.protobuf;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.CodedOutputStream;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.Protocol;
import io.gev.EmbeddedFrames;
import io.gev.codec.FrameException;
import io.gev.protobuf.test.Msg1;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Varint32-delimited protobuf ({@link Protobuf#varint}) on fuzzed streams with a small maximum: only
 * {@link FrameException}, no frame over the maximum (varint included), every message a {@link Msg1} parsed from its
 * payload, and the same outcome however the stream is cut.
 */
class VarintProtocolFuzzTest {

    private static final int[] MAXIMUMS = {1, 5, 127, 130, 300, 4096};
    private static final Protocol[] PROTOCOLS =
            Arrays.stream(MAXIMUMS).mapToObj(max -> Protobuf.varint(new SwapHandler(), max)).toArray(Protocol[]::new);

    static Stream<byte[]> seeds() {
        EmbeddedFrames driver = new EmbeddedFrames(PROTOCOLS[5]);
        byte[] stream = WireBytes.concat(driver.pack(Msg1.newBuilder().setValue("one").build()),
                driver.pack(Msg1.getDefaultInstance()), driver.pack(Msg1.newBuilder().setValue("x".repeat(200)).build()));
        return Stream.of(FramingFuzz.seed(stream, 5), FramingFuzz.seed(stream, 3),
                FramingFuzz.seed(WireBytes.of(0x80, 0x80, 0x80, 0x80, 0x08), 5));
    }

    /** Setting 0 picks the maximum frame length from {@code MAXIMUMS}. */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void framesAreWholeMessagesWithinTheMaximum(byte[] data) throws Exception {
        FramingFuzz.Input input = FramingFuzz.input(data, 1);
        int max = MAXIMUMS[input.setting(0) % MAXIMUMS.length];
        Protocol protocol = PROTOCOLS[input.setting(0) % MAXIMUMS.length];
        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input, FrameException.class,
                Function.identity());
        for (Frame frame : outcome.frames()) {
            check(frame.context() instanceof Msg1, "not a Msg1: " + frame.context());
            int length = frame.data().length;
            check(CodedOutputStream.computeUInt32SizeNoTag(length) + length <= max, "a frame over the maximum " + max);
            check(Msg1.parseFrom(frame.data()).equals(frame.context()), "the message is not its payload's");
        }
    }
}
