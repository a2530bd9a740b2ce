package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.EmbeddedFrames;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fixed corpus of hostile WebSocket inputs, driven without a socket ({@link EmbeddedFrames}), that the
 * socket tests ({@link LimitsTest}, {@link HandshakeTest}, {@link PingPongTest} ...) do not already hold: the extreme
 * 64-bit lengths, extended length forms on control frames, a header cut at every byte, and heads that are nothing but
 * their ending.
 */
class NastyWebSocketInputsTest {

    private static final byte[] UPGRADE = RawClient.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1);

    private static EmbeddedFrames upgraded(int maxMessageSize) {
        EmbeddedFrames d = new EmbeddedFrames(WebSocket.protocol(WebSocketOptions.builder()
                .maxMessageSize(maxMessageSize).build()));
        assertThat(d.feed(UPGRADE)).singleElement().satisfies(f -> assertThat(f.context())
                .isInstanceOf(WebSocketSession.class));
        return d;
    }

    /** The close code of the last frame sent, which must be a close frame. */
    private static int lastCloseCode(EmbeddedFrames d) {
        List<byte[]> sent = d.sent();
        byte[] close = sent.get(sent.size() - 1);
        assertThat(close[0] & 0xFF).as("a close frame").isEqualTo(0x88);
        return (close[2] & 0xFF) << 8 | close[3] & 0xFF;
    }

    @Test
    void allSixtyFourLengthBitsSetIsAProtocolErrorOnTheHeaderAlone() {
        EmbeddedFrames d = upgraded(1 << 20);
        assertThatThrownBy(() -> d.feed(hex("82ff ffffffffffffffff"))).isInstanceOf(WebSocketException.class)
                .hasMessageContaining("most significant bit");
        assertThat(lastCloseCode(d)).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void theLargestLegal64BitLengthIsTooBigOnTheHeaderAlone() {
        EmbeddedFrames d = upgraded(1 << 20);
        assertThatThrownBy(() -> d.feed(hex("82ff 7fffffffffffffff"))).isInstanceOf(WebSocketException.class)
                .hasMessageContaining("exceeds the maximum");
        assertThat(lastCloseCode(d)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void aControlFrameInAnExtendedLengthFormIsAProtocolErrorEvenWhenShort() {
        for (String header : List.of("89fe 0001", "8aff 0000000000000001", "88fe 0002")) {
            EmbeddedFrames d = upgraded(1 << 20);
            assertThatThrownBy(() -> d.feed(hex(header))).as(header).isInstanceOf(WebSocketException.class)
                    .hasMessageContaining("control frame payload over 125 bytes");
            assertThat(lastCloseCode(d)).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void aHeaderCutAtEveryByteWaitsWithoutConsumingOrAnswering() {
        byte[] frame = new ClientFrames().frame(0x82, new byte[70_000]); // the 64-bit form: a 14-byte header
        for (int cut = 1; cut < 14; cut++) {
            EmbeddedFrames d = upgraded(1 << 20);
            int answered = d.sent().size();
            assertThat(d.feed(frame, 0, cut)).as("cut at %d", cut).isEmpty();
            assertThat(d.buffered()).as("cut at %d", cut).isEqualTo(cut);
            assertThat(d.sent()).hasSize(answered);
            assertThat(d.feed(frame, cut, frame.length - cut)).singleElement()
                    .satisfies(f -> assertThat(f.data()).hasSize(70_000));
        }
    }

    @Test
    void aHeadThatIsOnlyItsEndingIsABadRequest() {
        for (String head : List.of("\r\n\r\n", "\r\n\r\n\r\n", " \r\n\r\n", "GET / HTTP/1.1\r\n\u0000: x\r\n\r\n")) {
            EmbeddedFrames d = new EmbeddedFrames(WebSocket.protocol(WebSocketOptions.defaults()));
            assertThatThrownBy(() -> d.feed(head.getBytes(StandardCharsets.ISO_8859_1)))
                    .isInstanceOf(HandshakeException.class);
            assertThat(new String(d.sent().get(0), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void aHeadEndingWithBareLineFeedsWaitsAndThenHitsTheLimit() {
        EmbeddedFrames d = new EmbeddedFrames(WebSocket.protocol(WebSocketOptions.builder()
                .maxHandshakeSize(64).build()));
        assertThat(d.feed("GET / HTTP/1.1\nHost: x\n\n".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(d.sent()).isEmpty();
        assertThatThrownBy(() -> d.feed(new byte[40])).isInstanceOf(HandshakeException.class);
        assertThat(new String(d.sent().get(0), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 431 ");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
