package io.gev.websocket;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.Protocol;
import io.gev.EmbeddedFrames;
import io.gev.codec.FrameException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client frames after a valid opening handshake (sent by the test, so that every fuzzed byte is a frame byte), with
 * permessage-deflate agreed or not, and small frame and message limits (the message limit counting inflated bytes): only {@link FrameException} (a {@link WebSocketException}, after a close frame was
 * sent), no message over the limit, text messages valid UTF-8, nothing after the peer's close, and the same outcome
 * however the stream is cut.
 */
class WebSocketFramesFuzzTest {

    private static final byte[] HANDSHAKE = WebSocketHandshakeFuzzTest.ascii(RawClient.upgradeRequest("/"));
    private static final byte[] DEFLATE_HANDSHAKE = WebSocketHandshakeFuzzTest.ascii(
            RawClient.upgradeRequest("/", "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
    /** Setting 0 from this value up agrees permessage-deflate. */
    private static final int DEFLATE = 128;
    /** Frame and message limits: {frame, message}. */
    private static final int[][] LIMITS = {{1, 1}, {16, 40}, {125, 125}, {126, 300}, {300, 300}};
    private static final Protocol[] PROTOCOLS = new Protocol[LIMITS.length];

    static {
        for (int i = 0; i < LIMITS.length; i++) {
            PROTOCOLS[i] = WebSocket.protocol(WebSocketOptions.builder().maxFrameSize(LIMITS[i][0])
                    .maxMessageSize(LIMITS[i][1]).build());
        }
    }

    static Stream<byte[]> seeds() {
        ClientFrames f = new ClientFrames();
        byte[] stream = concat(f.frame(0x01, utf8("κό")), f.frame(0x89, utf8("ping")), f.frame(0x00, new byte[0]),
                f.frame(0x80, utf8("σμε")), f.frame(0x82, new byte[200]), f.frame(0x8A, utf8("pong")),
                f.frame(0x82, new byte[3], 127, true), f.frame(0x81, new byte[0]),
                f.frame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, utf8("bye"))), f.frame(0x81, utf8("late")));
        byte[] compressed = concat(f.frame(0x41, RawClient.hex("f248cd")), f.frame(0x89, utf8("ping")),
                f.frame(0x80, RawClient.hex("c9c90700")), f.frame(0xC1, RawClient.hex("f200110000")),
                f.frame(0xC2, new ClientDeflate().compress(new byte[400])), f.frame(0x81, utf8("plain")));
        return Stream.of(FramingFuzz.seed(stream, 3), FramingFuzz.seed(stream, 1),
                FramingFuzz.seed(compressed, DEFLATE + 3), FramingFuzz.seed(compressed, DEFLATE + 4),
                FramingFuzz.seed(f.frame(0x81, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 4),
                FramingFuzz.seed(concat(new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1}), 4));
    }

    /** Setting 0 picks the limits from {@code LIMITS}, and from {@link #DEFLATE} up agrees permessage-deflate. */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void messagesAreWithinTheLimitsAndTextIsUtf8(byte[] data) {
        FramingFuzz.Input raw = FramingFuzz.input(data, 1);
        int[] limits = LIMITS[raw.setting(0) % LIMITS.length];
        Protocol protocol = PROTOCOLS[raw.setting(0) % LIMITS.length];
        // the chunking also cuts through the handshake: it came in the same stream
        byte[] handshake = raw.setting(0) >= DEFLATE ? DEFLATE_HANDSHAKE : HANDSHAKE;
        FramingFuzz.Input input = FramingFuzz.input(concat(new byte[] {(byte) raw.setting(0)},
                chunkHeader(raw.chunks()), handshake, raw.stream()), 1);
        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input,
                FrameException.class, context -> context instanceof WebSocketSession ? "session" : context);
        List<Frame> frames = outcome.frames();
        check(!frames.isEmpty() && frames.get(0).context() instanceof WebSocketSession, "the handshake failed");
        for (Frame frame : frames.subList(1, frames.size())) {
            check(frame.data().length <= limits[1], "a message of " + frame.data().length + " bytes over the limit");
            if (frame.context() == MessageType.TEXT) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(frame.data()));
                } catch (CharacterCodingException e) {
                    throw new AssertionError("a text message that is not UTF-8", e);
                }
            } else {
                check(frame.context() == MessageType.BINARY, "a message of no type: " + frame.context());
            }
        }
        List<byte[]> sent = outcome.driver().sent();
        if (outcome.failure() != null) {
            check(outcome.failure() instanceof WebSocketException, "not a WebSocket error: " + outcome.failure());
            byte[] last = sent.get(sent.size() - 1);
            check((last[0] & 0xFF) == 0x88 || outcome.closed(), "a protocol error without a close frame");
        }
    }

    private static byte[] chunkHeader(int[] chunks) {
        byte[] out = new byte[1 + chunks.length];
        out[0] = (byte) chunks.length;
        for (int i = 0; i < chunks.length; i++) {
            out[1 + i] = (byte) (chunks[i] - 1);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
