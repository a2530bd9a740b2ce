package io.gev.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Protocol;
import io.gev.codec.FrameException;
import io.gev.protobuf.test.Msg1;
import org.junit.jupiter.api.Test;

/**
 * A fixed corpus of hostile protobuf frames that {@link EnvelopeProtocolTest} and {@link VarintProtocolTest} do not
 * already hold: the largest unsigned envelope length, an empty type name, a maximal type length, and varints that are
 * longer than needed.
 */
class NastyProtobufInputsTest {

    private static final Protocol ENVELOPE = Protobuf.envelope(new SwapHandler(), 1 << 20);
    private static final Protocol VARINT = Protobuf.varint(new SwapHandler(), 1 << 20);

    @Test
    void theLargestUnsignedEnvelopeLengthExceedsTheMaximumAtOnce() {
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0xFF, 0xFF, 0xFF, 0xFF)))
                .isInstanceOf(FrameException.class).hasMessage("frame of 4294967299 bytes exceeds the maximum of "
                        + (1 << 20));
    }

    @Test
    void anEmptyTypeNameIsAnUnknownType() {
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0, 0, 0, 2, 0, 0)))
                .isInstanceOf(FrameException.class).hasMessageStartingWith("unknown message type \"\"");
    }

    @Test
    void aMaximalTypeLengthOverrunsAnyFrameWithinTheLimitAtOnce() {
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0, 0, 0x10, 0, 0xFF, 0xFF)))
                .isInstanceOf(FrameException.class).hasMessageContaining("overruns the frame length");
    }

    @Test
    void aVarintLongerThanNeededIsStillItsValue() {
        Unpacking varint = new Unpacking(VARINT);
        // 0 in five bytes, then "hi" (2 bytes) with its length in two
        assertThat(varint.messages(WireBytes.of(0x80, 0x80, 0x80, 0x80, 0x00, 0x84, 0x00, 0x0A, 2, "hi")))
                .containsExactly(Msg1.getDefaultInstance(), Msg1.newBuilder().setValue("hi").build());
        assertThat(varint.buffered()).isZero();
    }
}
