package io.gev.websocket;

import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What a handler does with a {@link WebSocketConnection}: sends from other threads, text from UTF-8 bytes, pings,
 * closes, and faults; and that onOpen and onClose come exactly once each.
 */
class WebSocketConnectionTest {

    @Test
    void sendsFromAnotherThreadArriveInOrderAfterTheHandshake() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        WebSocketHandler handler = new EchoHandler() {
            @Override
            public void onOpen(WebSocketConnection ws) {
                pool.execute(() -> {
                    for (int i = 0; i < 50; i++) {
                        ws.sendText("text " + i);
                        ws.sendBinary(new byte[] {(byte) i});
                    }
                    ws.ping(utf8("are you there"));
                    ws.close(4001, "done");
                    ws.sendText("after close: dropped");
                });
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.open(server)) {
            for (int i = 0; i < 50; i++) {
                client.expectText("text " + i);
                client.expectFrame(0x82, new byte[] {(byte) i});
            }
            client.expectFrame(0x89, utf8("are you there"));
            client.expect(hex("8806 0fa1 646f6e65"));
            client.send(0x8, hex("0fa1"));
            client.expectEnd();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aHandlerThatThrowsClosesWith1011AndIsToldOnce() throws Exception {
        EchoHandler handler = new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                throw new IllegalStateException("handler bug");
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler)) {
            try (RawClient client = RawClient.open(server)) {
                client.sendText("boom");
                client.expectCloseAndEnd(1011);
            }
            await().until(() -> handler.closed.size() == 1);
            assertThat(handler.closed.get(0).code()).isEqualTo(1011);
            assertThat(server.stats().handlerErrors()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingOnOpenClosesWith1011() throws Exception {
        EchoHandler handler = new EchoHandler() {
            @Override
            public void onOpen(WebSocketConnection ws) {
                super.onOpen(ws);
                throw new IllegalStateException("onOpen bug");
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler)) {
            try (RawClient client = RawClient.open(server)) {
                client.expectCloseAndEnd(1011);
            }
            await().until(() -> handler.closed.size() == 1);
            assertThat(handler.closed.get(0).code()).isEqualTo(1011);
        }
    }

    @Test
    void onOpenAndOnCloseComeOncePerWebSocketAndNeverForPlainHttp() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler)) {
            for (int i = 0; i < 5; i++) {
                try (RawClient client = RawClient.open(server)) {
                    client.sendText("hi");
                    client.expectText("hi");
                }
            }
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 426");
            }
            await().until(() -> handler.closed.size() == 5 && server.connectionCount() == 0);
            assertThat(handler.opened).hasSize(5).doesNotHaveDuplicates();
            assertThat(handler.closed).extracting(EchoHandler.Closed::ws)
                    .containsExactlyInAnyOrderElementsOf(handler.opened);
        }
    }

    @Test
    void closeRefusesCodesThatMayNotBeSentAndOverlongReasons() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.open(server)) {
            await().until(() -> handler.opened.size() == 1);
            WebSocketConnection ws = handler.opened.get(0);
            assertThatThrownBy(() -> ws.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ws.close(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ws.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
            ws.close();
            client.expectFrame(0x88, hex("03e8"));
        }
    }

    @Test
    void utf8BytesGoOutAsTheTextMessageAStringWouldMakeCompressedOrNotAndInvalidOnesAreRefused() throws Exception {
        // a text is passed on as the bytes it came in; a binary message's bytes are sent as a text, if they may be
        EchoHandler handler = new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                try {
                    ws.sendText(data);
                    return null;
                } catch (IllegalArgumentException e) {
                    return "refused";
                }
            }
        };
        String text = "é€😀 ".repeat(40);
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.open(server)) {
            client.sendText(text);
            client.expect(FrameEncoder.text(text));
            client.send(0x2, utf8("as text"));
            client.expectFrame(0x81, utf8("as text"));
            for (String invalid : new String[] {"c328", "eda080", "c0af", "f4908080", "f09f98"}) {
                client.send(0x2, hex(invalid));
                client.expectText("refused");
            }
        }
        try (GevServer server = EchoHandler.start(WebSocketOptions.builder().compressionMinSize(0).build(), handler);
             RawClient client = RawClient.connect(server)) {
            client.request(RawClient.upgradeRequest("/", "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            ClientDeflate deflate = new ClientDeflate();
            for (int i = 0; i < 2; i++) {
                client.sendText(text);
                RawClient.ServerFrame frame = client.readFrame();
                assertThat(frame.b0()).isEqualTo(0xC1);
                assertThat(deflate.inflate(frame.payload())).isEqualTo(utf8(text));
            }
        }
    }
}
