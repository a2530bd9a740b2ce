package io.gev.websocket;

import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder driven directly, one byte at a time: every header and payload boundary falls between two calls, which a
 * socket cannot promise.
 */
class FrameDecoderTest {

    private final List<String> control = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(1000, 3000, new ControlFrameListener() {
        @Override
        public void pingReceived(byte[] payload) {
            control.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void closeReceived(int code, String reason) {
            control.add("close " + code + " " + reason);
        }
    }, null);
    private final ClientFrames frames = new ClientFrames();
    private final RingBuffer in = new RingBuffer();
    private final List<Frame> messages = new ArrayList<>();

    /** Feeds {@code bytes} one at a time, collecting the messages; returns how many input bytes are left over. */
    private int feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            in.writeByte(b);
            for (Frame frame = decoder.decode(in); frame != null; frame = decoder.decode(in)) {
                messages.add(frame);
            }
        }
        return in.length();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int closeCodeOf(Throwable e) {
        return ((WebSocketException) e).closeCode();
    }

    @Test
    void fragmentsControlFramesAndWholeMessagesComeOutRightAndNothingAfterAClose() {
        byte[] afterClose = frames.frame(0x81, utf8("after the close"));
        int left = feedByteByByte(concat(
                frames.frame(0x01, utf8("κό")),
                frames.frame(0x89, utf8("between")),
                frames.frame(0x00, new byte[0]),
                frames.frame(0x80, utf8("σμε")),
                frames.frame(0x82, RawClient.bytes(999)),
                frames.frame(0x8A, utf8("pong")),
                frames.frame(0x81, new byte[0]),
                frames.frame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, utf8("ok"))),
                afterClose));
        assertThat(messages).extracting(Frame::context)
                .containsExactly(MessageType.TEXT, MessageType.BINARY, MessageType.TEXT);
        assertThat(new String(messages.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("κόσμε");
        assertThat(messages.get(1).data()).isEqualTo(RawClient.bytes(999));
        assertThat(messages.get(2).data()).isEmpty();
        assertThat(control).containsExactly("ping between", "close 1000 ok");
        assertThat(left).as("what follows the close is left alone").isEqualTo(afterClose.length);
    }

    @Test
    void aPayloadIsConsumedAsItArrives() {
        byte[] frame = frames.frame(0x82, RawClient.bytes(500));
        assertThat(feedByteByByte(Arrays.copyOf(frame, 300))).isZero();
        assertThat(messages).isEmpty();
        assertThat(feedByteByByte(Arrays.copyOfRange(frame, 300, frame.length))).isZero();
        assertThat(messages).singleElement().extracting(Frame::data).isEqualTo(RawClient.bytes(500));
    }

    @Test
    void aFrameOverTheLimitFailsOnItsHeader() {
        in.write(frames.frame(0x82, new byte[1001]), 0, 8);
        assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(WebSocketException.class)
                .extracting(FrameDecoderTest::closeCodeOf).isEqualTo(1009);
    }

    @Test
    void aMessageOverTheLimitFailsOnTheHeaderOfTheFragmentThatCrossesIt() {
        feedByteByByte(concat(frames.frame(0x02, new byte[1000]), frames.frame(0x00, new byte[1000]),
                frames.frame(0x00, new byte[1000])));
        in.write(frames.frame(0x80, new byte[1]), 0, 6);
        assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(WebSocketException.class)
                .extracting(FrameDecoderTest::closeCodeOf).isEqualTo(1009);
        assertThat(messages).isEmpty();
    }
}
