package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder with permessage-deflate agreed, driven directly one byte at a time (every boundary of a header, a
 * fragment and a deflate block falls between two reads), two decoders of one loop taking turns on the loop's
 * array, what a message costs in heap, and the inflater's memory bound.
 */
class InflatingDecoderTest {

    private static final DeflateAgreement WITH_CONTEXT = new DeflateAgreement(false, false, 0);
    private static final DeflateAgreement CLIENT_WITHOUT_CONTEXT = new DeflateAgreement(false, true, 0);

    private final List<String> control = new ArrayList<>();
    private final ClientFrames frames = new ClientFrames();
    private final RingBuffer in = new RingBuffer();
    private final List<Frame> messages = new ArrayList<>();

    private FrameDecoder decoder(DeflateAgreement agreement, int maxMessageSize) {
        return new FrameDecoder(maxMessageSize, maxMessageSize, new ControlFrameListener() {
            @Override
            public void pingReceived(byte[] payload) {
                control.add("ping " + new String(payload));
            }

            @Override
            public void closeReceived(int code, String reason) {
                control.add("close " + code);
            }
        }, new MessageInflater(agreement));
    }

    private void feedByteByByte(FrameDecoder decoder, byte[] bytes) {
        for (byte b : bytes) {
            in.writeByte(b);
            for (Frame frame = decoder.decode(in); frame != null; frame = decoder.decode(in)) {
                messages.add(frame);
            }
        }
    }

    @Test
    void compressedFragmentsPlainMessagesAndContextComeOutRight() {
        ClientDeflate deflate = new ClientDeflate();
        byte[] big = utf8("gev ".repeat(10_000) + "κόσμε");
        byte[] compressedBig = deflate.compress(big);
        feedByteByByte(decoder(WITH_CONTEXT, 1 << 20), concat(
                frames.frame(0x41, hex("f248cd")),
                frames.frame(0x89, utf8("between")),
                frames.frame(0x80, hex("c9c90700")),
                frames.frame(0xC1, hex("f200110000")), // "Hello" again, from the context
                frames.frame(0x82, RawClient.bytes(300)),
                frames.frame(0x41, java.util.Arrays.copyOf(compressedBig, 10)),
                frames.frame(0x80, java.util.Arrays.copyOfRange(compressedBig, 10, compressedBig.length))));
        assertThat(messages).extracting(frame -> new String(frame.data()))
                .containsExactly("Hello", "Hello", new String(RawClient.bytes(300)), new String(big));
        assertThat(messages).extracting(Frame::context).containsExactly(MessageType.TEXT, MessageType.TEXT,
                MessageType.BINARY, MessageType.TEXT);
        assertThat(control).containsExactly("ping between");
    }

    @Test
    void aMessageLeftHalfWayKeepsItsBytesWhileAnotherWebSocketOfTheLoopInflatesOne() {
        ClientDeflate first = new ClientDeflate();
        byte[] half = utf8("first ".repeat(3_000));
        byte[] firstFrame = frames.frame(0xC1, first.compress(half));
        byte[] other = utf8("other ".repeat(5_000));
        FrameDecoder one = decoder(WITH_CONTEXT, 1 << 20);
        FrameDecoder two = decoder(WITH_CONTEXT, 1 << 20);
        in.write(firstFrame, 0, firstFrame.length - 3);
        assertThat(one.decode(in)).isNull();
        RingBuffer otherIn = new RingBuffer();
        otherIn.write(frames.frame(0xC1, new ClientDeflate().compress(other)));
        assertThat(two.decode(otherIn).data()).isEqualTo(other);
        in.write(firstFrame, firstFrame.length - 3, 3);
        assertThat(one.decode(in).data()).isEqualTo(half);
    }

    @Test
    void aCompressedMessageWholeInOneReadIsCopiedOnceToItsExactSize() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        FrameDecoder decoder = decoder(WITH_CONTEXT, 1 << 20);
        ClientDeflate deflate = new ClientDeflate();
        byte[] text = utf8("{\"user\":\"mia\",\"text\":\"" + "see you at the meeting tomorrow ".repeat(128) + "\"}");
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            in.write(frames.frame(0xC1, deflate.compress(text)));
            long before = threads.getCurrentThreadAllocatedBytes();
            Frame frame = decoder.decode(in);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            assertThat(frame.data()).isEqualTo(text);
        }
        assertThat(text.length).isGreaterThan(4096);
        assertThat(least).as("heap bytes for a message of %d", text.length).isLessThan(text.length + 256);
    }

    @Test
    void withoutClientContextTakeoverTheContextIsForgottenAfterEachMessage() {
        FrameDecoder decoder = decoder(CLIENT_WITHOUT_CONTEXT, 1000);
        feedByteByByte(decoder, frames.frame(0xC1, hex("f248cdc9c90700")));
        assertThat(messages).hasSize(1);
        in.write(frames.frame(0xC1, hex("f200110000"))); // refers back to the forgotten "Hello"
        assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(WebSocketException.class)
                .extracting(e -> ((WebSocketException) e).closeCode()).isEqualTo(1007);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 64 * 1024, 200 * 1024})
    void aBombIsStoppedAtTheLimitHavingHeldNoMoreThanIt(int limit) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[64 << 20]);
        byte[] bomb = new byte[128 * 1024];
        int length = deflater.deflate(bomb, 0, bomb.length, Deflater.SYNC_FLUSH); // 64 MiB of zeros in ~64 KiB
        deflater.end();
        RingBuffer compressed = new RingBuffer();
        compressed.write(bomb, 0, length);
        MessageBuffer message = new MessageBuffer(limit);
        MessageInflater inflater = new MessageInflater(WITH_CONTEXT);
        assertThatThrownBy(() -> inflater.inflate(compressed, length, 0, 0, message))
                .isInstanceOf(WebSocketException.class)
                .extracting(e -> ((WebSocketException) e).closeCode()).isEqualTo(1009);
        assertThat(message.length()).isEqualTo(limit);
        assertThat(message.free()).isZero();
        assertThat(message.array().length).as("the loop's array or one of the limit")
                .isEqualTo(Math.max(limit, 64 * 1024));
        assertThat(length - compressed.length()).as("compressed bytes read").isLessThanOrEqualTo(16 * 1024);
        inflater.release();
    }
}
