package io.gev.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import io.gev.protobuf.test.Aa;
import io.gev.protobuf.test.BB;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gev's envelope against hand-computed bytes of the Go plugin's layout, at every split, and at its bounds. */
class EnvelopeProtocolTest {

    private static final int MAX = 1 << 20;
    private static final Protocol ENVELOPE = Protobuf.envelope(new SwapHandler(), MAX);

    private static final Msg1 HI = Msg1.newBuilder().setValue("hi").build();
    private static final Msg2 TAGGED = Msg2.newBuilder().setValue(300).addTags("a").build();

    /**
     * {@code HI} as Go's {@code protobuf.PackMessage("gev.test.Msg1", data)} lays it out: uint32 length of what follows
     * (2 + 13 + 4 = 19), uint16 type length (13), the type, the payload (field 1, length-delimited: 0x0A, 2, "hi").
     */
    private static final byte[] HI_FRAME = WireBytes.of(0, 0, 0, 19, 0, 13, "gev.test.Msg1", 0x0A, 2, "hi");

    /** {@code TAGGED}: field 1 varint 300 (0x08, 0xAC 0x02), field 2 "a" (0x12, 1, 'a'); 2 + 13 + 6 = 21. */
    private static final byte[] TAGGED_FRAME =
            WireBytes.of(0, 0, 0, 21, 0, 13, "gev.test.Msg2", 0x08, 0xAC, 0x02, 0x12, 1, "a");

    @Test
    void packWritesTheGoPluginLayout() {
        Unpacking envelope = new Unpacking(ENVELOPE);
        assertThat(envelope.pack(HI)).containsExactly(HI_FRAME);
        assertThat(envelope.pack(TAGGED)).containsExactly(TAGGED_FRAME);
        assertThat(envelope.pack(Msg1.getDefaultInstance()))
                .containsExactly(WireBytes.of(0, 0, 0, 15, 0, 13, "gev.test.Msg1"));
    }

    @Test
    void unpackReadsTheGoPluginLayoutIntoTypedMessagesAndTheirPayloads() {
        List<Frame> frames = new Unpacking(ENVELOPE).feed(WireBytes.concat(HI_FRAME, TAGGED_FRAME));
        assertThat(frames).extracting(Frame::context).containsExactly(HI, TAGGED);
        assertThat(frames.get(0).context()).isInstanceOf(Msg1.class);
        assertThat(frames.get(1).context()).isInstanceOf(Msg2.class);
        assertThat(frames.get(0).data()).containsExactly(HI.toByteArray());
        assertThat(frames.get(1).data()).containsExactly(TAGGED.toByteArray());
    }

    @Test
    void framesCutAtEveryByteBoundaryComeOutWhole() {
        List<Message> messages = List.of(HI, TAGGED, Msg1.getDefaultInstance(), Msg2.getDefaultInstance(),
                Msg2.newBuilder().setValue(-1).addAllTags(Collections.nCopies(40, "tag")).build(),
                Msg1.newBuilder().setValue("é".repeat(100)).build());
        byte[] stream = packAll(messages);
        for (int split = 0; split <= stream.length; split++) {
            assertThat(Unpacking.messagesSplitAt(ENVELOPE, stream, split)).as("split at %d", split)
                    .containsExactlyElementsOf(messages);
        }
        assertThat(Unpacking.byteByByte(ENVELOPE, stream)).containsExactlyElementsOf(messages);
    }

    @Test
    void manyFramesInOneBufferAllComeOutInOrder() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            messages.add(i % 2 == 0 ? Msg1.newBuilder().setValue("m" + i).build()
                    : Msg2.newBuilder().setValue(i).addTags("t" + i).build());
        }
        Unpacking envelope = new Unpacking(ENVELOPE);
        assertThat(envelope.messages(packAll(messages))).containsExactlyElementsOf(messages);
        assertThat(envelope.buffered()).isZero();
    }

    @Test
    void aDeclaredLengthOverTheMaximumFailsAtOnceWithoutWaitingForIt() {
        byte[] twoGiB = WireBytes.of(0x80, 0, 0, 0, 0, 13, "gev.");
        assertThat(twoGiB).hasSize(10);
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(twoGiB)).isInstanceOf(FrameException.class)
                .hasMessage("frame of 2147483652 bytes exceeds the maximum of 1048576");
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0xFF, 0xFF, 0xFF, 0xFF)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame of 4294967299 bytes exceeds the maximum of 1048576");
    }

    @Test
    void theMaximumCountsTheWholeFrameLengthFieldIncluded() {
        Protocol exact = Protobuf.envelope(new SwapHandler(), HI_FRAME.length);
        assertThat(new Unpacking(exact).messages(HI_FRAME)).containsExactly(HI);
        Protocol oneLess = Protobuf.envelope(new SwapHandler(), HI_FRAME.length - 1);
        assertThatThrownBy(() -> new Unpacking(oneLess).feed(HI_FRAME, 0, 4)).isInstanceOf(FrameException.class)
                .hasMessage("frame of 23 bytes exceeds the maximum of 22");
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1})
    void aLengthWithoutRoomForTheTypeLengthIsMalformed(int length) {
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0, 0, 0, length)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame length " + length + " leaves no room for the 2-byte type length");
    }

    @Test
    void aTypeNameLongerThanTheFrameIsMalformedAsSoonAsItsLengthArrives() {
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0, 0, 0, 5, 0, 4)))
                .isInstanceOf(FrameException.class).hasMessage("type name of 4 bytes overruns the frame length 5");
        Unpacking exactFit = new Unpacking(ENVELOPE);
        assertThat(exactFit.feed(WireBytes.of(0, 0, 0, 15, 0, 13))).isEmpty();
        assertThat(exactFit.buffered()).isEqualTo(6);
    }

    @Test
    void anUnknownTypeIsMalformed() {
        byte[] msg3 = WireBytes.of(0, 0, 0, 17, 0, 13, "gev.test.Msg3", 0x0A, 2, "hi");
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(msg3)).isInstanceOf(FrameException.class)
                .hasMessage("unknown message type \"gev.test.Msg3\"; accepted: [gev.test.Msg1, gev.test.Msg2]");
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(WireBytes.of(0, 0, 0, 2, 0, 0)))
                .isInstanceOf(FrameException.class).hasMessageStartingWith("unknown message type \"\";");
        byte[] shortName = WireBytes.of(0, 0, 0, 6, 0, 4, "Msg1");
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(shortName)).isInstanceOf(FrameException.class)
                .hasMessageStartingWith("unknown message type \"Msg1\";");
        String longName = "x".repeat(300);
        byte[] longType = WireBytes.of(0, 0, 0x01, 0x2E, 0x01, 0x2C, longName);
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(longType)).isInstanceOf(FrameException.class)
                .hasMessageStartingWith("unknown message type \"" + "x".repeat(100) + "...\";");
    }

    @Test
    void namesWhoseHashesCollideAreStillToldApart() {
        Aa aa = Aa.newBuilder().setValue("aa").build();
        BB bb = BB.newBuilder().setValue("bb").build();
        assertThat(hash("gev.test.Aa")).isEqualTo(hash("gev.test.BB"));
        Protocol colliding = Protobuf.envelope(new SwapHandler(Aa.getDefaultInstance(), BB.getDefaultInstance()), MAX);
        Unpacking envelope = new Unpacking(colliding);
        assertThat(envelope.messages(WireBytes.concat(envelope.pack(bb), envelope.pack(aa), envelope.pack(bb))))
                .containsExactly(bb, aa, bb);
        assertThatThrownBy(() -> envelope.feed(ENVELOPE.pack(null, HI))).isInstanceOf(FrameException.class)
                .hasMessageStartingWith("unknown message type \"gev.test.Msg1\"; accepted: [gev.test.Aa, gev.test.BB]");
    }

    @Test
    void aPayloadThatDoesNotParseAsItsTypeIsMalformed() {
        byte[] truncated = WireBytes.of(0, 0, 0, 17, 0, 13, "gev.test.Msg1", 0x0A, 5);
        assertThatThrownBy(() -> new Unpacking(ENVELOPE).feed(truncated)).isInstanceOf(FrameException.class)
                .hasMessageStartingWith("malformed gev.test.Msg1 (2 bytes): ");
    }

    @Test
    void repliesCarryTheirOwnFullNameDeclaredOrNot() {
        Unpacking msg1Only = new Unpacking(Protobuf.envelope(new SwapHandler(Msg1.getDefaultInstance()), MAX));
        assertThat(msg1Only.pack(TAGGED)).containsExactly(TAGGED_FRAME);
    }

    @Test
    void onlyMessagesCanBeSent() {
        assertThatThrownBy(() -> ENVELOPE.pack(null, "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the protobuf framings send com.google.protobuf.Message, not java.lang.String");
        assertThatThrownBy(() -> ENVELOPE.pack(null, Msg1.newBuilder())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not io.gev.protobuf.test.Msg1$Builder");
    }

    private static byte[] packAll(List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(m -> out.writeBytes(ENVELOPE.pack(null, m)));
        return out.toByteArray();
    }

    private static int hash(String name) {
        RingBuffer buffer = new RingBuffer();
        buffer.writeUtf8(name);
        return MessageTypes.hash(buffer, 0, buffer.length());
    }
}
