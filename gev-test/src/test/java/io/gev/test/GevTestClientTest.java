package io.gev.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Int32Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.gev.Connection;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.Protocol;
import io.gev.codec.DelimiterProtocol;
import io.gev.codec.LengthFieldProtocol;
import io.gev.protobuf.Protobuf;
import io.gev.protobuf.ProtobufHandler;
import io.gev.websocket.MessageType;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketConnection;
import io.gev.websocket.WebSocketHandler;
import io.gev.websocket.WebSocketOptions;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GevTestClient} against real servers on 127.0.0.1, one per framing. */
class GevTestClientTest {

    private static final Handler UPPER = EmbeddedConnectionTest.UPPER;

    private static GevServer start(Handler handler, Protocol protocol) {
        GevServer server = GevServer.builder(handler).protocol(protocol).address("127.0.0.1", 0).loops(1).build();
        server.start();
        return server;
    }

    @Test
    void linesDelimitersAndLengthFieldsAreFramedBothWays() {
        for (Protocol protocol : List.of(DelimiterProtocol.lines(64, true), DelimiterProtocol.of("||", 64),
                LengthFieldProtocol.builder().width(3).offset(1).adjustment(2).maxFrameLength(100).build())) {
            GevServer server = start(UPPER, protocol);
            try (GevTestClient client = GevTestClient.connect(server.port(), protocol)) {
                client.send("one").send("two".getBytes(UTF_8));
                assertThat(client.receiveString()).isEqualTo("ONE");
                assertThat(client.receiveString()).isEqualTo("TWO");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void framesCutAcrossReadsAreJoinedAndRawBytesGoAsTheyAre() {
        Protocol lines = DelimiterProtocol.lines(64, false);
        GevServer server = start(UPPER, lines);
        try (GevTestClient client = GevTestClient.connect(server.port(), lines)) {
            client.sendRaw("ab".getBytes(UTF_8)).sendRaw("c\nd".getBytes(UTF_8)).sendRaw("\n".getBytes(UTF_8));
            assertThat(client.receiveString()).isEqualTo("ABC");
            assertThat(client.receiveString()).isEqualTo("D");
        } finally {
            server.stop();
        }
    }

    @Test
    void aReceiveThatGetsNothingFailsAfterItsTimeoutAndAClosedServerIsReported() {
        Protocol lines = DelimiterProtocol.lines(8, false);
        GevServer server = start(UPPER, lines);
        try (GevTestClient client = GevTestClient.builder(server.port()).protocol(lines)
                .timeout(Duration.ofMillis(300)).connect()) {
            long start = System.nanoTime();
            assertThatThrownBy(client::receive).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(3));
            client.send("123456789"); // over the server's limit of 8: it closes the connection
            assertThatThrownBy(() -> client.receive(Duration.ofSeconds(5))).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(EOFException.class);
        } finally {
            server.stop();
        }
    }

    @Test
    void rawBytesAreTakenAcrossReadsAndAClosedClientConnectsAgain() {
        GevServer server = start((connection, context, data) -> data, Protocol.raw());
        try (GevTestClient client = GevTestClient.builder(server.port()).build()) {
            byte[] big = new byte[200_000];
            new java.util.Random(3).nextBytes(big);
            client.sendRaw(big).sendRaw("tail".getBytes(UTF_8));
            assertThat(client.receiveBytes(big.length)).isEqualTo(big);
            int port = client.localPort();
            assertThat(client.receiveBytes(4)).isEqualTo("tail".getBytes(UTF_8));
            client.close();
            assertThat(client.sendRaw("again".getBytes(UTF_8)).receiveBytes(5)).isEqualTo("again".getBytes(UTF_8));
            assertThat(client.localPort()).isNotEqualTo(port);
        } finally {
            server.stop();
        }
    }

    @Test
    void protobufEnvelopesAndVarintsCarryParsedMessages() {
        ProtobufHandler doubler = new ProtobufHandler() {
            @Override
            public List<Message> messageTypes() {
                return List.of(Int32Value.getDefaultInstance(), StringValue.getDefaultInstance());
            }

            @Override
            public Object onMessage(Connection connection, Message message) {
                return message instanceof Int32Value i ? Int32Value.of(i.getValue() * 2)
                        : StringValue.of(((StringValue) message).getValue().repeat(2));
            }
        };
        for (Protocol protocol : List.of(Protobuf.envelope(doubler, 1024), Protobuf.varint(doubler, 1024))) {
            GevServer server = start(Protobuf.handler(doubler), protocol);
            try (GevTestClient client = GevTestClient.connect(server.port(), protocol)) {
                Frame reply = client.send(Int32Value.of(21)).receiveFrame();
                assertThat(reply.context()).isEqualTo(Int32Value.of(42));
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void aWebSocketClientUpgradesMasksAnswersPingsAndCloses() {
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                if (type == MessageType.TEXT && new String(data, UTF_8).equals("ping me")) {
                    ws.ping("p".getBytes(UTF_8));
                    ws.sendText("pinged");
                    return null;
                }
                return type == MessageType.TEXT ? new String(data, UTF_8) + "!" : data;
            }
        };
        GevServer server = start(WebSocket.handler(echo), WebSocket.protocol(WebSocketOptions.defaults()));
        try (GevTestClient client = GevTestClient.connectWebSocket(server.port(), "/chat")) {
            assertThat(client.send("hello").receiveString()).isEqualTo("hello!");
            Frame binary = client.send(new byte[70_000]).receiveFrame();
            assertThat(binary.context()).isEqualTo(MessageType.BINARY);
            assertThat(binary.data()).hasSize(70_000);
            assertThat(client.send("ping me").receiveString()).isEqualTo("pinged"); // the pong went back unasked
            assertThat(client.send("still here").receiveString()).isEqualTo("still here!");
        } finally {
            server.stop();
        }
    }

    @Test
    void aRefusedUpgradeFailsTheConnect() {
        GevServer server = start(UPPER, DelimiterProtocol.lines(64, false));
        try {
            assertThatThrownBy(() -> GevTestClient.builder(server.port()).webSocket("/").timeout(Duration.ofSeconds(2))
                    .connect()).isInstanceOf(RuntimeException.class);
        } finally {
            server.stop();
        }
    }
}
