package io.gev.websocket;

import static io.gev.websocket.RawClient.bytes;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.text;
import static io.gev.websocket.RawClient.utf8;

import io.gev.GevServer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 1.x: text and binary messages of every length form, echoed with the exact header the RFC asks for. */
class FramingTest {

    private static GevServer server;

    @BeforeAll
    static void start() {
        server = EchoHandler.start(WebSocketOptions.builder().maxMessageSize(16 << 20).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "0,       8100",
        "125,     817d",
        "126,     817e007e",
        "127,     817e007f",
        "128,     817e0080",
        "65535,   817effff",
        "65536,   817f0000000000010000",
        "4194304, 817f0000000000400000",
    })
    void textOfEveryLengthFormIsEchoedWithTheShortestHeader(int length, String header) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            String text = text(length);
            client.sendText(text);
            client.expect(hex(header));
            client.expect(utf8(text));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "0,       8200",
        "125,     827d",
        "126,     827e007e",
        "127,     827e007f",
        "128,     827e0080",
        "65535,   827effff",
        "65536,   827f0000000000010000",
        "8388608, 827f0000000000800000",
    })
    void binaryOfEveryLengthFormIsEchoedWithTheShortestHeader(int length, String header) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] data = bytes(length);
            client.send(0x2, data);
            client.expect(hex(header));
            client.expect(data);
        }
    }

    @ParameterizedTest(name = "length form {0}")
    @ValueSource(ints = {126, 127})
    void longerLengthFormsThanNeededAreAccepted(int form) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x81, utf8("hello"), form, true));
            client.expect(hex("8105"));
            client.expect(utf8("hello"));
        }
    }

    @Test
    void messagesDribbledInSmallPiecesAreReassembled() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] data = bytes(70_000);
            byte[] frame = client.frame(0x82, data);
            for (int at = 0; at < frame.length; at += 997) {
                client.write(Arrays.copyOfRange(frame, at, Math.min(frame.length, at + 997)));
            }
            client.expectFrame(0x82, data);
        }
    }

    @Test
    void manyMessagesInOneWriteAreEchoedInOrder() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                frames.writeBytes(client.frame(0x81, utf8("message " + i)));
            }
            client.write(frames.toByteArray());
            for (int i = 0; i < 100; i++) {
                client.expectText("message " + i);
            }
        }
    }
}
