package io.gev.protobuf;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.Protocol;
import io.gev.EmbeddedFrames;
import io.gev.codec.FrameException;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gev's protobuf envelope ({@link Protobuf#envelope}) on fuzzed streams with a small maximum: only
 * {@link FrameException}, no frame over the maximum, every frame's message of a declared type and parsed from its
 * payload, and the same outcome however the stream is cut.
 */
class EnvelopeProtocolFuzzTest {

    private static final int[] MAXIMUMS = {6, 19, 32, 64, 256, 4096};
    private static final Protocol[] PROTOCOLS =
            Arrays.stream(MAXIMUMS).mapToObj(max -> Protobuf.envelope(new SwapHandler(), max)).toArray(Protocol[]::new);

    static Stream<byte[]> seeds() {
        EmbeddedFrames driver = new EmbeddedFrames(PROTOCOLS[5]);
        byte[] stream = WireBytes.concat(driver.pack(Msg1.newBuilder().setValue("hi").build()),
                driver.pack(Msg2.newBuilder().setValue(300).addTags("a").addTags("bc").build()),
                driver.pack(Msg1.getDefaultInstance()));
        return Stream.of(FramingFuzz.seed(stream, 5), FramingFuzz.seed(stream, 3),
                FramingFuzz.seed(WireBytes.of(0, 0, 0, 15, 0, 13, "gev.test.Msg3"), 5));
    }

    /** Setting 0 picks the maximum frame length from {@code MAXIMUMS}. */
    @MethodSource("seeds")
    @DictionaryEntries({"gev.test.Msg1", "gev.test.Msg2"})
    @FuzzTest(maxDuration = "20s")
    void framesAreWholeDeclaredMessagesWithinTheMaximum(byte[] data) {
        FramingFuzz.Input input = FramingFuzz.input(data, 1);
        int max = MAXIMUMS[input.setting(0) % MAXIMUMS.length];
        Protocol protocol = PROTOCOLS[input.setting(0) % MAXIMUMS.length];
        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input, FrameException.class,
                Function.identity());
        for (Frame frame : outcome.frames()) {
            check(frame.context() instanceof Msg1 || frame.context() instanceof Msg2,
                    "a frame of an undeclared type: " + frame.context());
            Message message = (Message) frame.context();
            int name = message.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8).length;
            check(4 + 2 + name + frame.data().length <= max, "a frame over the maximum " + max);
            try {
                check(message.getParserForType().parseFrom(frame.data()).equals(message),
                        "the message is not its payload's");
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("a delivered payload does not parse", e);
            }
        }
    }
}
