package io.gev.websocket;

import static io.gev.FramingFuzz.check;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.Frame;
import io.gev.FramingFuzz;
import io.gev.FramingFuzz.Outcome;
import io.gev.Protocol;
import io.gev.EmbeddedFrames;
import io.gev.codec.FrameException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opening handshake of {@link WebSocket#protocol} on fuzzed requests (and whatever follows them), with small
 * head limits, an origin check, an upgrade filter, subprotocols and sometimes a page handler: only
 * {@link FrameException} (a {@link HandshakeException}, answered with an HTTP error first), an accepted upgrade only
 * for a head within the limit and answered with 101, every other request answered and closed, and the same outcome
 * however the request is cut.
 */
class WebSocketHandshakeFuzzTest {

    private static final int[] HEAD_LIMITS = {16, 120, 200, 1024};
    private static final Protocol[] PROTOCOLS = new Protocol[HEAD_LIMITS.length * 2];

    static {
        for (int i = 0; i < PROTOCOLS.length; i++) {
            WebSocketOptions.Builder options = WebSocketOptions.builder()
                    .maxHandshakeSize(HEAD_LIMITS[i % HEAD_LIMITS.length]).maxMessageSize(64)
                    .subprotocols("chat", "v2.gev")
                    .originCheck(origin -> origin == null || !origin.contains("evil"))
                    .upgradeFilter((path, headers) -> path.startsWith("/private")
                            ? HttpReply.text(403, "Forbidden", "private\n") : null);
            if (i >= HEAD_LIMITS.length) {
                options.plainHttpHandler((path, headers) -> path.equals("/") ? HttpReply.html("<p>hi</p>") : null);
            }
            PROTOCOLS[i] = WebSocket.protocol(options.build());
        }
    }

    static Stream<byte[]> seeds() {
        ClientFrames frames = new ClientFrames();
        return Stream.of(
                FramingFuzz.seed(ascii(RawClient.upgradeRequest("/")), 2),
                FramingFuzz.seed(ascii(RawClient.upgradeRequest("/room?x=1", "Origin: http://a.example\r\n",
                        "Sec-WebSocket-Protocol: v1, chat\r\n")), 3),
                FramingFuzz.seed(concat(ascii(RawClient.upgradeRequest("/")),
                        frames.frame(0x81, ascii("hello")), frames.frame(0x88, new byte[] {0x03, (byte) 0xE8})), 3),
                FramingFuzz.seed(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 7),
                FramingFuzz.seed(ascii("POST / HTTP/1.0\r\n\r\n"), 1));
    }

    /** Setting 0 picks the options: head limit {@code HEAD_LIMITS[s0 % 4]}, a page handler when {@code s0 & 4}. */
    @MethodSource("seeds")
    // no CR or LF in entries: jazzer-junit writes them unescaped, which breaks the dictionary file (the seeds have them)
    @DictionaryEntries({"GET ", " HTTP/1.1", "HTTP/1.0", "Host: ", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: chat",
        "Origin: ", "evil", "/private"})
    @FuzzTest(maxDuration = "20s")
    void everyRequestIsAnsweredAndOnlyAValidOneUpgraded(byte[] data) {
        FramingFuzz.Input input = FramingFuzz.input(data, 1);
        int limit = HEAD_LIMITS[input.setting(0) % HEAD_LIMITS.length];
        Protocol protocol = PROTOCOLS[input.setting(0) % PROTOCOLS.length];
        Outcome outcome = FramingFuzz.feedEveryWay(() -> new EmbeddedFrames(protocol), input,
                FrameException.class, WebSocketHandshakeFuzzTest::contextKey);
        List<byte[]> sent = outcome.driver().sent();
        List<Frame> frames = outcome.frames();
        boolean upgraded = !frames.isEmpty() && frames.get(0).context() instanceof WebSocketSession;
        if (upgraded) {
            check(startsWith(sent.get(0), "HTTP/1.1 101 Switching Protocols\r\n"), "an upgrade not answered 101");
            check(endOfHead(input.stream()) <= limit, "a head over the limit of " + limit + " was accepted");
            check(frames.get(0).data().length == 0, "the frame announcing a WebSocket has data");
            for (Frame frame : frames.subList(1, frames.size())) {
                check(frame.context() instanceof MessageType && frame.data().length <= 64, "a message over 64 bytes");
            }
        } else {
            check(frames.isEmpty(), "frames without an upgrade");
            if (outcome.failure() != null || outcome.closed()) {
                check(!sent.isEmpty() && startsWith(sent.get(0), "HTTP/1.1 "), "a refused request was not answered");
            } else {
                check(sent.isEmpty(), "an answer before the request was whole");
                check(endOfHead(input.stream()) < 0 && input.stream().length < limit,
                        "a whole request, or one over the limit, left waiting");
            }
        }
        if (outcome.failure() != null && !upgraded) {
            check(outcome.failure() instanceof HandshakeException, "not a handshake error: " + outcome.failure());
        }
    }

    private static Object contextKey(Object context) {
        return context instanceof WebSocketSession session ? "session " + session.subprotocol() : context;
    }

    /** The length of the head through its empty line, or -1. */
    private static int endOfHead(byte[] stream) {
        for (int i = 3; i < stream.length; i++) {
            if (stream[i] == '\n' && stream[i - 1] == '\r' && stream[i - 2] == '\n' && stream[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return new String(bytes, StandardCharsets.ISO_8859_1).startsWith(prefix);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
