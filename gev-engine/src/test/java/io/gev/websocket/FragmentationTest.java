package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.bytes;
import static io.gev.websocket.RawClient.utf8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn 5.x: fragmented messages are reassembled (with control frames between fragments), and fragments out of
 * place fail the connection with 1002.
 */
class FragmentationTest extends EchoServerCase {

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x9, 0xA, 0x8})
    void aFragmentedControlFrameFailsTheConnection(int opcode) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(opcode, utf8("frag")),
                    client.frame(0x80, utf8("ment"))));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void aTextInTwoFragmentsInOneWriteIsOneMessage() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x01, utf8("frag")),
                    client.frame(0x80, utf8("ment1"))));
            client.expectText("fragment1");
        }
    }

    @Test
    void fragmentsInSeparateWritesWithPingsBetweenAreReassembledAfterThePongs() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x02, utf8("one-")));
            client.write(client.frame(0x89, utf8("p1")));
            client.expectFrame(0x8A, utf8("p1"));
            client.write(client.frame(0x00, utf8("two-")));
            client.write(client.frame(0x89, utf8("p2")));
            client.expectFrame(0x8A, utf8("p2"));
            client.write(client.frame(0x8A, utf8("pong between")));
            client.write(client.frame(0x80, utf8("three")));
            client.expectFrame(0x82, utf8("one-two-three"));
        }
    }

    @Test
    void aMessageOfOneByteFragmentsAndEmptyOnesIsReassembled() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] data = bytes(1000);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(client.frame(0x02, new byte[0]));
            for (byte b : data) {
                frames.writeBytes(client.frame(0x00, new byte[] {b}));
                frames.writeBytes(client.frame(0x00, new byte[0]));
            }
            frames.writeBytes(client.frame(0x80, new byte[0]));
            client.write(frames.toByteArray());
            client.expectFrame(0x82, data);
        }
    }

    @Test
    void aLargeMessageInFragmentsOfVaryingSizeDribbledInPiecesIsReassembled() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] data = bytes(300_000);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            int at = 0;
            for (int size = 1; at < data.length; size = size * 3 + 1) {
                int end = Math.min(data.length, at + size);
                int b0 = (at == 0 ? 0x2 : 0x0) | (end == data.length ? 0x80 : 0);
                frames.writeBytes(client.frame(b0, Arrays.copyOfRange(data, at, end)));
                at = end;
            }
            byte[] bytes = frames.toByteArray();
            for (int piece = 0; piece < bytes.length; piece += 4093) {
                client.write(Arrays.copyOfRange(bytes, piece, Math.min(bytes.length, piece + 4093)));
            }
            client.expectFrame(0x82, data);
        }
    }

    @ParameterizedTest(name = "first byte {0}")
    @ValueSource(ints = {0x80, 0x00})
    void aContinuationWithoutAMessageFailsTheConnection(int b0) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(b0, utf8("orphan")),
                    client.frame(0x81, utf8("after"))));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void aContinuationAfterTheFinalFragmentFailsTheConnection() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x01, utf8("whole ")),
                    client.frame(0x80, utf8("message")),
                    client.frame(0x00, utf8("too late"))));
            client.expectText("whole message");
            client.expectCloseAndEnd(1002);
        }
    }

    @ParameterizedTest(name = "first byte {0}")
    @ValueSource(ints = {0x81, 0x01, 0x82})
    void aNewMessageInsideAFragmentedOneFailsTheConnection(int b0) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x01, utf8("started")),
                    client.frame(b0, utf8("intruder"))));
            client.expectCloseAndEnd(1002);
        }
    }
}
