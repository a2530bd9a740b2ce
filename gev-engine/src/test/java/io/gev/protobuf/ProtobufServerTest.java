package io.gev.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.gev.GevServer;
import io.gev.Protocol;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protobuf servers on real sockets, driven by a client made of protobuf-java's own I/O: typed round trips, pipelining,
 * server-initiated sends, and malformed input that closes only its own connection.
 */
class ProtobufServerTest {

    private static final int MAX = 64 * 1024;

    private static final Msg1 HI = Msg1.newBuilder().setValue("hi").build();
    private static final Msg2 HI_REPLY = Msg2.newBuilder().setValue(2).addTags("hi").build();
    private static final Msg2 TAGGED = Msg2.newBuilder().setValue(300).addTags("a").addTags("b").build();
    private static final Msg1 TAGGED_REPLY = Msg1.newBuilder().setValue("a,b=300").build();

    private static GevServer serve(ProtobufHandler handler, Protocol protocol) {
        GevServer server = GevServer.builder(Protobuf.handler(handler)).address("127.0.0.1", 0).loops(1)
                .protocol(protocol).build();
        server.start();
        return server;
    }

    @Test
    void theEnvelopeRoundTripsBothTypes() throws Exception {
        SwapHandler handler = new SwapHandler();
        try (GevServer server = serve(handler, Protobuf.envelope(handler, MAX));
             ProtobufClient client = ProtobufClient.envelope(server)) {
            client.send(HI);
            assertThat(client.receive()).isEqualTo(HI_REPLY);
            client.send(TAGGED);
            assertThat(client.receive()).isEqualTo(TAGGED_REPLY);
        }
    }

    @Test
    void varintFramingParsesTheFirstDeclaredTypeEitherWay() throws Exception {
        SwapHandler msg1First = new SwapHandler();
        try (GevServer server = serve(msg1First, Protobuf.varint(msg1First, MAX));
             ProtobufClient client = ProtobufClient.varint(server, Msg2.getDefaultInstance())) {
            client.send(HI);
            assertThat(client.receive()).isEqualTo(HI_REPLY);
        }
        SwapHandler msg2First = new SwapHandler(Msg2.getDefaultInstance(), Msg1.getDefaultInstance());
        try (GevServer server = serve(msg2First, Protobuf.varint(msg2First, MAX));
             ProtobufClient client = ProtobufClient.varint(server, Msg1.getDefaultInstance())) {
            client.send(TAGGED);
            assertThat(client.receive()).isEqualTo(TAGGED_REPLY);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtobufFraming.class)
    void pipelinedRequestsAreAnsweredInOrder(ProtobufFraming framing) throws Exception {
        SwapHandler handler = new SwapHandler();
        List<Message> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            boolean msg2 = framing == ProtobufFraming.ENVELOPE && i % 2 == 1; // varint frames are all Msg1
            requests.add(msg2 ? Msg2.newBuilder().setValue(i).addTags("t" + i).build()
                    : Msg1.newBuilder().setValue("request " + i).build());
        }
        try (GevServer server = serve(handler, framing.protocol(handler, MAX));
             ProtobufClient client = ProtobufClient.of(framing, server, Msg2.getDefaultInstance())) {
            client.send(requests.toArray(Message[]::new));
            for (Message request : requests) {
                assertThat(client.receive()).isEqualTo(SwapHandler.answer(request));
            }
            assertThat(server.stats().messagesReceived()).isEqualTo(500);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtobufFraming.class)
    void connectionSendFromAnotherThreadIsFramedLikeAReply(ProtobufFraming framing) throws Exception {
        SwapHandler handler = new SwapHandler();
        Msg2 push = Msg2.newBuilder().setValue(7).addTags("pushed").build();
        try (GevServer server = serve(handler, framing.protocol(handler, MAX));
             ProtobufClient client = ProtobufClient.of(framing, server, Msg2.getDefaultInstance())) {
            await().until(() -> handler.open.size() == 1);
            handler.open.get(0).send(push);
            assertThat(client.receive()).isEqualTo(push);
            client.send(HI);
            assertThat(client.receive()).isEqualTo(HI_REPLY);
        }
        assertThat(handler.open).isEmpty();
    }

    static Stream<Arguments> malformedInput() {
        return Stream.of(
                Arguments.of(ProtobufFraming.ENVELOPE, "unknown type",
                        WireBytes.of(0, 0, 0, 15, 0, 13, "gev.test.Msg3")),
                Arguments.of(ProtobufFraming.ENVELOPE, "length over the maximum",
                        WireBytes.of(0x7F, 0xFF, 0xFF, 0xFF, 0, 13, "gev")),
                Arguments.of(ProtobufFraming.ENVELOPE, "type length beyond the frame",
                        WireBytes.of(0, 0, 0, 5, 0, 4, "abc")),
                Arguments.of(ProtobufFraming.ENVELOPE, "payload that does not parse",
                        WireBytes.of(0, 0, 0, 17, 0, 13, "gev.test.Msg1", 0x0A, 5)),
                Arguments.of(ProtobufFraming.ENVELOPE, "HTTP request",
                        "GET / HTTP/1.1\r\nHost: gev\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(ProtobufFraming.VARINT, "10-byte varint",
                        WireBytes.of(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)),
                Arguments.of(ProtobufFraming.VARINT, "length over the maximum",
                        WireBytes.of(0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3)),
                Arguments.of(ProtobufFraming.VARINT, "message that does not parse",
                        WireBytes.of(3, 0xFF, 0xFF, 0xFF)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedInput")
    void malformedInputClosesOnlyItsConnectionAfterTheRepliesBeforeIt(ProtobufFraming framing, String what,
            byte[] malformed) throws Exception {
        SwapHandler handler = new SwapHandler();
        try (GevServer server = serve(handler, framing.protocol(handler, MAX));
             ProtobufClient good = ProtobufClient.of(framing, server, Msg2.getDefaultInstance());
             ProtobufClient hostile = ProtobufClient.of(framing, server, Msg2.getDefaultInstance())) {
            good.send(HI);
            assertThat(good.receive()).isEqualTo(HI_REPLY);

            hostile.write(HI);
            hostile.sendRaw(malformed);
            assertThat(hostile.receive()).isEqualTo(HI_REPLY);
            assertThat(hostile.closedByServer()).isTrue();
            hostile.close(); // a peer that saw the end of stream closes too; the server may wait for that
            await().until(() -> server.connectionCount() == 1);

            good.send(HI, HI);
            assertThat(good.receive()).isEqualTo(HI_REPLY);
            assertThat(good.receive()).isEqualTo(HI_REPLY);
            assertThat(server.stats().protocolErrors()).isEqualTo(1);
            assertThat(server.stats().handlerErrors()).isZero();
            assertThat(handler.open).hasSize(1);
        }
    }
}
