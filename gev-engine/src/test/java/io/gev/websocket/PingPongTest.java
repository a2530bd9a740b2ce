package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.bytes;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 2.x: pings answered by pongs with the same payload, pongs ignored, oversized pings refused. */
class PingPongTest extends EchoServerCase {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 13, 125})
    void aPingIsAnsweredByAPongWithTheSamePayload(int length) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] payload = bytes(length);
            client.send(0x9, payload);
            client.expect(new byte[] {(byte) 0x8A, (byte) length});
            client.expect(payload);
        }
    }

    @Test
    void aPingDribbledByteByByteIsAnswered() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] payload = bytes(125);
            for (byte b : client.frame(0x89, payload)) {
                client.write(new byte[] {b});
            }
            client.expectFrame(0x8A, payload);
        }
    }

    @Test
    void aPingOver125BytesIsAProtocolError() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x9, bytes(126));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void pongsAreIgnoredWithOrWithoutPayload() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x8A, new byte[0]),
                    client.frame(0x8A, utf8("unsolicited")),
                    client.frame(0x89, utf8("ping")),
                    client.frame(0x81, utf8("after"))));
            client.expectFrame(0x8A, utf8("ping"));
            client.expectText("after");
        }
    }

    @Test
    void tenPingsInOneWriteGetTenPongsInOrder() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                frames.writeBytes(client.frame(0x89, utf8("ping " + i)));
            }
            client.write(frames.toByteArray());
            for (int i = 0; i < 10; i++) {
                client.expectFrame(0x8A, utf8("ping " + i));
            }
        }
    }

    @Test
    void aPingAfterAFragmentedPingIsNotAnswered() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x09, utf8("fragmented")));
            client.expect(hex("8802 03ea"));
            client.expectEnd();
        }
    }
}
