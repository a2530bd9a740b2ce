package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn 7.x: the closing handshake either way, close codes and reasons valid and not, nothing after a close, the
 * close timeout, and the code the handler is told.
 */
class CloseTest {

    /** Echoes, except that the text {@code close me} makes the server start the closing handshake. */
    private final EchoHandler handler = new EchoHandler() {
        @Override
        public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
            if (new String(data, StandardCharsets.UTF_8).equals("close me")) {
                ws.close(4000, "bye");
                return "dropped: our close frame went first";
            }
            return super.onMessage(ws, type, data);
        }
    };
    private GevServer server;

    @BeforeEach
    void start() {
        server = EchoHandler.start(WebSocketOptions.builder().closeTimeout(Duration.ofMillis(300)).build(), handler);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCloseIsEchoedWithItsCodeAndTheConnectionClosed() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.sendText("first");
            client.send(0x8, hex("03e8 627965"));
            client.expectText("first");
            client.expectCloseAndEnd(1000);
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(1000);
        assertThat(handler.closed.get(0).reason()).isEqualTo("bye");
    }

    @Test
    void anEmptyCloseIsEchoedEmptyAndReportedAsNoStatus() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, new byte[0]);
            client.expect(hex("8800"));
            client.expectEnd();
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(1005);
    }

    @Test
    void nothingAfterACloseIsAnswered() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x88, hex("03e8")),
                    client.frame(0x81, utf8("after close")),
                    client.frame(0x89, utf8("ping")),
                    client.frame(0x88, hex("03e9"))));
            client.expectCloseAndEnd(1000);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999})
    void aValidCodeIsEchoed(int code) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
            client.expectCloseAndEnd(code);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void anInvalidCodeIsAProtocolError(int code) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void aOneBytePayloadIsAProtocolError() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, hex("03"));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void theLongestReasonIsAcceptedAndOneByteMoreIsAProtocolError() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, ("\u0003\u00e8" + "r".repeat(123)).getBytes(StandardCharsets.ISO_8859_1));
            client.expectCloseAndEnd(1000);
        }
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, ("\u0003\u00e8" + "r".repeat(124)).getBytes(StandardCharsets.ISO_8859_1));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void aReasonThatIsNotUtf8IsInvalidPayload() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x8, hex("03e8 cebae1bdb9cf83cebcceb5eda080656469746564"));
            client.expectCloseAndEnd(1007);
        }
    }

    @Test
    void aServerCloseIgnoresLaterMessagesAndEndsWithThePeersClose() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.sendText("close me");
            client.expect(hex("8805 0fa0 627965"));
            client.sendText("ignored");
            client.send(0x9, utf8("ignored too"));
            client.send(0x8, hex("0fa0"));
            client.expectEnd();
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(4000);
        assertThat(handler.closed.get(0).reason()).isEmpty();
    }

    @Test
    void aServerCloseUnansweredClosesTcpAfterTheCloseTimeout() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.sendText("close me");
            long sent = System.nanoTime();
            client.expect(hex("8805 0fa0 627965"));
            client.expectEnd();
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(4000);
        assertThat(handler.closed.get(0).reason()).isEqualTo("bye");
    }

    @Test
    void aProtocolErrorIsReportedWithItsCodeAndCounted() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x81, utf8("unmasked"), 8, false));
            client.expectCloseAndEnd(1002);
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(1002);
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionIsReportedOnceAsAbnormal() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.sendText("hello");
            client.expectText("hello");
        }
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(1006);
        assertThat(handler.closed.get(0).ws()).isSameAs(handler.opened.get(0));
        await().during(Duration.ofMillis(100)).until(() -> handler.closed.size() == 1);
    }
}
