package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's RFC 6455 client ({@code java.net.http}) against the server: a real peer with its own framing. */
class JdkClientInteropTest {

    private final EchoHandler handler = new EchoHandler() {
        @Override
        public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
            if (type == MessageType.TEXT && new String(data, StandardCharsets.UTF_8).equals("close me")) {
                ws.close(4000, "server says bye");
                return null;
            }
            return super.onMessage(ws, type, data);
        }
    };
    private GevServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = EchoHandler.start(WebSocketOptions.builder().maxMessageSize(4 << 20).subprotocols("chat").build(),
                handler);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private java.net.http.WebSocket connect(JdkReceived received) {
        return http.newWebSocketBuilder().subprotocols("other", "chat")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/jdk?x=1"), received).join();
    }

    @Test
    void textBinaryFragmentedPingAndAClientClose() throws Exception {
        JdkReceived received = new JdkReceived();
        java.net.http.WebSocket ws = connect(received);
        assertThat(ws.getSubprotocol()).isEqualTo("chat");

        ws.sendText("hello κόσμε", true).join();
        assertThat(received.next()).isEqualTo("hello κόσμε");

        byte[] data = RawClient.bytes(70_000);
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        assertThat((byte[]) received.next()).isEqualTo(data);

        String large = RawClient.text(3 << 20);
        for (int at = 0; at < large.length(); at += 65_536) {
            int end = Math.min(large.length(), at + 65_536);
            ws.sendText(large.substring(at, end), end == large.length()).join();
        }
        assertThat((String) received.next()).isEqualTo(large);

        ws.sendPing(ByteBuffer.wrap("ping!".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(received.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("ping!");

        ws.sendClose(1000, "client says bye").join();
        assertThat(received.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1000 ");
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).isEqualTo(1000);
        assertThat(handler.closed.get(0).reason()).isEqualTo("client says bye");
        assertThat(handler.opened.get(0).path()).isEqualTo("/jdk?x=1");
    }

    @Test
    void aServerCloseReachesTheClientWithItsCodeAndReason() throws Exception {
        JdkReceived received = new JdkReceived();
        connect(received).sendText("close me", true).join();
        assertThat(received.closed.get(5, TimeUnit.SECONDS)).isEqualTo("4000 server says bye");
        await().until(() -> handler.closed.size() == 1);
        assertThat(handler.closed.get(0).code()).as("the code of the close the JDK sent back").isEqualTo(4000);
    }

    @Test
    void aStoppingServerSaysGoingAwayBeforeItCloses() throws Exception {
        JdkReceived received = new JdkReceived();
        connect(received);
        await().until(() -> handler.opened.size() == 1);
        long start = System.nanoTime();
        server.stop();
        assertThat(received.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
        assertThat(handler.closed).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo(1001);
            assertThat(c.reason()).isEqualTo("server shutting down");
        });
        // the client answered the close and closed TCP, so the stop did not have to wait out the linger
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
}
