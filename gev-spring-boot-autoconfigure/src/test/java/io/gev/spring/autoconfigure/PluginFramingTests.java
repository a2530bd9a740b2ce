package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int32Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.gev.Connection;
import io.gev.Handler;
import io.gev.protobuf.ProtobufHandler;
import io.gev.spring.GevHandler;
import io.gev.websocket.HttpReply;
import io.gev.websocket.MessageType;
import io.gev.websocket.PlainHttpHandler;
import io.gev.websocket.WebSocketConnection;
import io.gev.websocket.WebSocketHandler;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The plugins' handlers as {@code @GevHandler} beans: framing chosen by type or by property. */
class PluginFramingTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    /** Answers a string with its length. */
    @GevHandler
    static class LengthHandler implements ProtobufHandler {
        @Override
        public List<Message> messageTypes() {
            return List.of(StringValue.getDefaultInstance());
        }

        @Override
        public Object onMessage(Connection connection, Message message) {
            return Int32Value.of(((StringValue) message).getValue().length());
        }
    }

    /** Upper-cases text, and serves a page to plain HTTP GETs. */
    @GevHandler
    static class ShoutHandler implements WebSocketHandler, PlainHttpHandler {
        @Override
        public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
            return new String(data, StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public HttpReply handle(String path, Map<String, String> headers) {
            return "/".equals(path) ? HttpReply.html("<p>shout</p>") : null;
        }
    }

    @GevHandler
    static class PlainHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }

    private static byte[] envelope(Message m) {
        byte[] name = m.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8);
        byte[] payload = m.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(6 + name.length + payload.length);
        return b.putInt(2 + name.length + payload.length).putShort((short) name.length).put(name).put(payload).array();
    }

    @Test
    void aProtobufHandlerGetsTheEnvelopeFramingWithoutAnySetting() {
        runner.withUserConfiguration(LengthHandler.class).run(context -> {
            try (Socket s = new Socket("127.0.0.1", Echo.port(context, ""))) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(envelope(StringValue.of("hello")));
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(frame);
                byte[] name = new byte[b.getShort()];
                b.get(name);
                assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo("google.protobuf.Int32Value");
                byte[] payload = new byte[b.remaining()];
                b.get(payload);
                assertThat(Int32Value.parseFrom(payload).getValue()).isEqualTo(5);
            }
        });
    }

    @Test
    void varintFramingIsASetting() {
        runner.withUserConfiguration(LengthHandler.class)
                .withPropertyValues("gev.protocol.protobuf.framing=varint").run(context -> {
                    try (Socket s = new Socket("127.0.0.1", Echo.port(context, ""))) {
                        s.setSoTimeout(5000);
                        StringValue.of("four").writeDelimitedTo(s.getOutputStream());
                        assertThat(Int32Value.parseDelimitedFrom(s.getInputStream()).getValue()).isEqualTo(4);
                    }
                });
    }

    @Test
    void aWebSocketHandlerSpeaksWebSocketAndServesItsPageOverPlainHttp() throws Exception {
        runner.withUserConfiguration(ShoutHandler.class)
                .withPropertyValues("gev.protocol.websocket.subprotocols=chat").run(context -> {
                    int port = Echo.port(context, "");
                    HttpClient http = HttpClient.newHttpClient();
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.body()).isEqualTo("<p>shout</p>");

                    CompletableFuture<String> reply = new CompletableFuture<>();
                    WebSocket ws = http.newWebSocketBuilder().subprotocols("chat")
                            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/shout"), new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    reply.complete(data.toString());
                                    return null;
                                }
                            }).get(5, TimeUnit.SECONDS);
                    assertThat(ws.getSubprotocol()).isEqualTo("chat");
                    ws.sendText("hello", true);
                    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("HELLO");
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                });
    }

    @Test
    void webSocketCompressionFollowsItsProperties() {
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
        byte[] hello = HexFormat.of().parseHex("c18700000000f248cdc9c90700"); // "Hello" compressed, zero mask key
        runner.withUserConfiguration(ShoutHandler.class).run(context -> {
            try (Socket s = upgrade(Echo.port(context, ""), offer)) {
                assertThat(readHead(s)).contains("\r\nSec-WebSocket-Extensions: permessage-deflate\r\n");
                s.getOutputStream().write(hello);
                assertThat(s.getInputStream().readNBytes(7)) // "HELLO", under the minimum size: uncompressed
                        .isEqualTo(HexFormat.of().parseHex("810548454c4c4f"));
            }
        });
        runner.withUserConfiguration(ShoutHandler.class).withPropertyValues(
                "gev.protocol.websocket.compression.server-no-context-takeover=true",
                "gev.protocol.websocket.compression.client-no-context-takeover=true",
                "gev.protocol.websocket.compression.min-size=0B",
                "gev.protocol.websocket.compression.level=1").run(context -> {
                    try (Socket s = upgrade(Echo.port(context, ""), offer)) {
                        assertThat(readHead(s)).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; "
                                + "server_no_context_takeover; client_no_context_takeover\r\n");
                        s.getOutputStream().write(hello);
                        assertThat(s.getInputStream().readNBytes(2)[0] & 0xFF).as("FIN, RSV1, text").isEqualTo(0xC1);
                    }
                });
        runner.withUserConfiguration(ShoutHandler.class)
                .withPropertyValues("gev.protocol.websocket.compression.enabled=false").run(context -> {
                    try (Socket s = upgrade(Echo.port(context, ""), offer)) {
                        assertThat(readHead(s)).startsWith("HTTP/1.1 101 ").doesNotContain("Extensions");
                    }
                });
    }

    /** A socket that sent a WebSocket upgrade request with {@code extraHeaders}. */
    private static Socket upgrade(int port, String extraHeaders) throws java.io.IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static String readHead(Socket s) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = s.getInputStream().read();
            assertThat(b).as("end of stream inside the response head").isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void aFramingThatDoesNotFitTheHandlerFailsSayingWhatWould() {
        runner.withUserConfiguration(PlainHandler.class).withPropertyValues("gev.protocol.type=websocket")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageStartingWith("gev.protocol.type=websocket needs a @GevHandler implementing "
                                    + "io.gev.websocket.WebSocketHandler, but bean ");
                });
        runner.withUserConfiguration(ShoutHandler.class).withPropertyValues("gev.protocol.type=line").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("gev.protocol.type=line needs a @GevHandler implementing io.gev.Handler");
        });
    }
}
