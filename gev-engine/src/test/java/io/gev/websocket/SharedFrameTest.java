package io.gev.websocket;

import static io.gev.websocket.RawClient.bytes;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedFrame}: one frame sent to many WebSockets puts the same bytes on each wire as an ordinary send, from
 * the loop and from other threads, to WebSockets on different loops, from several threads at once.
 */
class SharedFrameTest {

    @Test
    void aSharedFrameGoesOnTheWireExactlyAsAnOrdinarySend() throws Exception {
        // each text asks for itself twice: shared, then sent the ordinary way; short, 16-bit and 64-bit lengths
        List<String> texts = List.of("", "hello", "é€😀 and an unpaired \uD800", "x".repeat(200), "y".repeat(70_000));
        EchoHandler handler = new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                if (type == MessageType.BINARY) {
                    ws.send(SharedFrame.binary(data));
                    return data;
                }
                String text = new String(data, StandardCharsets.UTF_8);
                ws.send(SharedFrame.text(text.equals("surrogate") ? texts.get(2) : text));
                return text.equals("surrogate") ? texts.get(2) : text;
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.open(server)) {
            for (String text : texts) {
                client.sendText(text.equals(texts.get(2)) ? "surrogate" : text);
                byte[] expected = FrameEncoder.text(text);
                client.expect(expected);
                client.expect(expected);
            }
            client.send(0x2, bytes(300));
            client.expectFrame(0x82, bytes(300));
            client.expectFrame(0x82, bytes(300));
        }
        assertThat(HexFormat.of().formatHex(SharedFrame.text(texts.get(2)).bytes()))
                .endsWith(HexFormat.of().formatHex(utf8("é€😀 and an unpaired ?")));
    }

    @Test
    void aHandlerMayReplyWithASharedFrameAndItIsDroppedAfterTheCloseFrame() throws Exception {
        SharedFrame pong = SharedFrame.text("pong");
        EchoHandler handler = new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                if (data.length == 0) {
                    ws.close(4000, "");
                }
                return pong;
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.open(server)) {
            client.sendText("ping");
            client.expectText("pong");
            client.sendText("");
            client.expectFrame(0x88, RawClient.hex("0fa0")); // the reply after the close frame never went out
            client.sendText("ping");
            client.send(0x8, RawClient.hex("0fa0"));
            client.expectEnd();
        }
        assertThat(pong.length()).isEqualTo(6);
        assertThatThrownBy(() -> SharedFrame.text(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void threadsShareFramesWithWebSocketsOnEveryLoopAndEachThreadsFramesKeepTheirOrder() throws Exception {
        int clients = 8;
        int threads = 4;
        int framesPerThread = 200;
        Set<String> loopThreads = ConcurrentHashMap.newKeySet();
        EchoHandler handler = new EchoHandler() {
            @Override
            public void onOpen(WebSocketConnection ws) {
                loopThreads.add(Thread.currentThread().getName());
                super.onOpen(ws);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<RawClient> open = new ArrayList<>();
        try (GevServer server = GevServer.builder(WebSocket.handler(handler)).address("127.0.0.1", 0).loops(4)
                .protocol(WebSocket.protocol(WebSocketOptions.defaults())).build()) {
            server.start();
            for (int i = 0; i < clients; i++) {
                open.add(RawClient.open(server));
            }
            await().until(() -> handler.opened.size() == clients);
            assertThat(loopThreads).hasSizeGreaterThan(1);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < framesPerThread; i++) {
                        SharedFrame frame = SharedFrame.text(thread + ":" + i + ":" + "z".repeat(i));
                        handler.opened.forEach(ws -> ws.send(frame));
                    }
                }));
            }
            for (Future<?> sender : senders) {
                sender.get(10, TimeUnit.SECONDS);
            }
            for (RawClient client : open) {
                int[] next = new int[threads];
                for (int n = 0; n < threads * framesPerThread; n++) {
                    String text = readText(client);
                    String[] parts = text.split(":", 3);
                    int thread = Integer.parseInt(parts[0]);
                    assertThat(Integer.parseInt(parts[1])).as("frame of thread " + thread).isEqualTo(next[thread]);
                    assertThat(parts[2]).isEqualTo("z".repeat(next[thread]++));
                }
            }
        } finally {
            pool.shutdownNow();
            for (RawClient client : open) {
                client.close();
            }
        }
    }

    /** Reads one unfragmented text frame of less than 64 KiB and returns its text. */
    private static String readText(RawClient client) throws Exception {
        byte[] head = client.read(2);
        assertThat(head[0]).isEqualTo((byte) 0x81);
        int length = head[1] & 0x7F;
        if (length == 126) {
            byte[] extended = client.read(2);
            length = (extended[0] & 0xFF) << 8 | extended[1] & 0xFF;
        }
        return new String(client.read(length), StandardCharsets.UTF_8);
    }
}
