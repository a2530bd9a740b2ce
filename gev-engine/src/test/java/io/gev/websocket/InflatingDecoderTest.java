package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The decoder with permessage-deflate agreed, driven directly one byte at a time (every boundary of a header, a
 * fragment and a deflate block falls between two reads), and the inflater's memory bound.
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
    void withoutClientContextTakeoverTheContextIsForgottenAfterEachMessage() {
        FrameDecoder decoder = decoder(CLIENT_WITHOUT_CONTEXT, 1000);
        feedByteByByte(decoder, frames.frame(0xC1, hex("f248cdc9c90700")));
        assertThat(messages).hasSize(1);
        in.write(frames.frame(0xC1, hex("f200110000"))); // refers back to the forgotten "Hello"
        assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(WebSocketException.class)
                .extracting(e -> ((WebSocketException) e).closeCode()).isEqualTo(1007);
    }

    @Test
    void aBombIsStoppedAtTheLimitWithTheBufferNeverBeyondIt() {
        int limit = 64 * 1024;
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
        assertThat(message.array().length).isEqualTo(limit);
        assertThat(message.length()).isEqualTo(limit);
        assertThat(length - compressed.length()).as("compressed bytes read").isLessThanOrEqualTo(16 * 1024);
        inflater.release();
    }
}
