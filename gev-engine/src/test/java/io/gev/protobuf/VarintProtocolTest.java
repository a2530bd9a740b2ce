package io.gev.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.gev.Protocol;
import io.gev.codec.FrameException;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Varint32 length-delimited framing against protobuf-java's own writeDelimitedTo and parseDelimitedFrom. */
class VarintProtocolTest {

    private static final int MAX = 4 << 20;
    /** Parses every frame as a Msg1, the first type the handler declares. */
    private static final Protocol VARINT = Protobuf.varint(new SwapHandler(), MAX);

    /** A Msg1 whose serialization is exactly {@code size} bytes (tag, varint string length, string). */
    private static Msg1 msg1OfSize(int size) {
        if (size == 0) {
            return Msg1.getDefaultInstance();
        }
        int chars = size - 2;
        while (1 + CodedOutputStream.computeUInt32SizeNoTag(chars) + chars > size) {
            chars--;
        }
        Msg1 m = Msg1.newBuilder().setValue("v".repeat(chars)).build();
        assertThat(m.getSerializedSize()).isEqualTo(size);
        return m;
    }

    private static byte[] writeDelimited(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message m : messages) {
            m.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}-byte message: prefix {1}")
    @CsvSource({
        "0, 00", "3, 03", "127, 7F", "128, 80 01", "16383, FF 7F", "16384, 80 80 01", "2097151, FF FF 7F",
        "2097152, 80 80 80 01"})
    void lengthsAroundEveryVarintWidthMatchProtobufJava(int size, String prefixHex) throws IOException {
        Msg1 m = msg1OfSize(size);
        byte[] prefix = hex(prefixHex);
        byte[] packed = new Unpacking(VARINT).pack(m);
        assertThat(packed).hasSize(prefix.length + size).startsWith(prefix).containsExactly(writeDelimited(m));
        for (int split = 0; split <= Math.min(prefix.length + 1, packed.length); split++) {
            assertThat(Unpacking.messagesSplitAt(VARINT, packed, split)).as("split at %d", split).containsExactly(m);
        }
        assertThat(Unpacking.messagesSplitAt(VARINT, packed, packed.length - 1)).containsExactly(m);
    }

    @ParameterizedTest(name = "{0}-byte varint")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void varintsOfOneToFiveBytesAreReadAsProtobufJavaReadsThem(int width) throws IOException {
        Msg2 m = Msg2.newBuilder().setValue(5).build(); // 08 05
        byte[] prefix = new byte[width];
        Arrays.fill(prefix, (byte) 0x80);
        prefix[0] = (byte) 0x82;
        prefix[width - 1] &= 0x7F; // 2, padded to width bytes
        byte[] frame = WireBytes.concat(prefix, m.toByteArray());
        assertThat(Msg2.parseDelimitedFrom(new ByteArrayInputStream(frame))).isEqualTo(m);
        Protocol msg2 = Protobuf.varint(new SwapHandler(Msg2.getDefaultInstance()), MAX);
        assertThat(Unpacking.byteByByte(msg2, frame)).containsExactly(m);
    }

    @Test
    void anIncompleteVarintWaitsAndConsumesNothing() {
        Unpacking varint = new Unpacking(VARINT);
        assertThat(varint.feed(hex("80 80 80 80"))).isEmpty();
        assertThat(varint.buffered()).isEqualTo(4);
        assertThat(varint.feed(hex("00"))).singleElement()
                .satisfies(f -> assertThat(f.context()).isEqualTo(Msg1.getDefaultInstance()));
        assertThat(varint.buffered()).isZero();
    }

    @Test
    void aVarintLongerThanFiveBytesIsRejectedAtItsFifthByte() {
        assertThatThrownBy(() -> new Unpacking(VARINT).feed(hex("FF FF FF FF FF FF FF FF FF 01"))) // 10 bytes
                .isInstanceOf(FrameException.class).hasMessage("length varint longer than 5 bytes");
        assertThatThrownBy(() -> new Unpacking(VARINT).feed(hex("80 80 80 80 80")))
                .isInstanceOf(FrameException.class).hasMessage("length varint longer than 5 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "FF FF FF FF 0F, 4294967300", // -1 as an int32: what protobuf-java calls a negative size
        "80 80 80 80 08, 2147483653", // 2^31
        "FF FF FF FF 7F, 34359738372", // the largest 5-byte value
        "81 80 80 02, 4194309"}) // 4 MiB + 1, with only its 4-byte varint present
    void aNegativeOrOversizedLengthIsRejectedAtOnce(String prefixHex, long frameLength) {
        assertThatThrownBy(() -> new Unpacking(VARINT).feed(hex(prefixHex))).isInstanceOf(FrameException.class)
                .hasMessage("frame of " + frameLength + " bytes exceeds the maximum of " + MAX);
    }

    @Test
    void theMaximumCountsTheWholeFrameVarintIncluded() {
        Msg1 m = msg1OfSize(200);
        byte[] frame = new Unpacking(VARINT).pack(m);
        assertThat(frame).hasSize(202);
        assertThat(new Unpacking(Protobuf.varint(new SwapHandler(), 202)).messages(frame)).containsExactly(m);
        Unpacking oneLess = new Unpacking(Protobuf.varint(new SwapHandler(), 201));
        assertThatThrownBy(() -> oneLess.feed(frame, 0, 2)).isInstanceOf(FrameException.class)
                .hasMessage("frame of 202 bytes exceeds the maximum of 201");
    }

    @Test
    void writeDelimitedToOutputDecodesAtEverySplit() throws IOException {
        List<Message> messages = List.of(Msg1.newBuilder().setValue("one").build(), Msg1.getDefaultInstance(),
                msg1OfSize(127), msg1OfSize(128), Msg1.newBuilder().setValue("ü".repeat(70)).build());
        byte[] stream = writeDelimited(messages.toArray(Message[]::new));
        for (int split = 0; split <= stream.length; split++) {
            assertThat(Unpacking.messagesSplitAt(VARINT, stream, split)).as("split at %d", split)
                    .containsExactlyElementsOf(messages);
        }
        assertThat(Unpacking.byteByByte(VARINT, stream)).containsExactlyElementsOf(messages);
    }

    @Test
    void parseDelimitedFromReadsWhatPackWrites() throws IOException {
        Unpacking varint = new Unpacking(VARINT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Msg2> replies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Msg2 reply = Msg2.newBuilder().setValue(i - 150).addAllTags(Collections.nCopies(i % 7, "t" + i)).build();
            replies.add(reply);
            out.writeBytes(varint.pack(reply));
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (Msg2 reply : replies) {
            assertThat(Msg2.parseDelimitedFrom(in)).isEqualTo(reply);
        }
        assertThat(Msg2.parseDelimitedFrom(in)).isNull();
    }

    @Test
    void aMessageThatDoesNotParseIsMalformed() {
        assertThatThrownBy(() -> new Unpacking(VARINT).feed(hex("03 FF FF FF"))).isInstanceOf(FrameException.class)
                .hasMessageStartingWith("malformed gev.test.Msg1 (3 bytes): ");
    }

    @Test
    void onlyMessagesCanBeSent() {
        assertThatThrownBy(() -> VARINT.pack(null, new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the protobuf framings send com.google.protobuf.Message, not [B");
    }

    private static byte[] hex(String bytes) {
        String[] parts = bytes.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }
}
