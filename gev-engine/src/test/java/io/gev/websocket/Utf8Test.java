package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.utf8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn 6.x: valid UTF-8 is echoed however it is fragmented; invalid UTF-8 (overlong, surrogates, beyond U+10FFFF,
 * stray or missing continuation bytes) fails the connection with 1007, as soon as the bad byte arrives.
 */
class Utf8Test extends EchoServerCase {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "κόσμε", "Hello-µ@ßöäüàá-UTF-8!!", "\uD834\uDD1E clef", "\u007F\u0080\u07FF\u0800",
        "\uD7FF\uE000\uFFFD\uFFFF", "\uD800\uDC00\uDBFF\uDFFF"})
    void validTextIsEchoedWholeAndFragmentedAtEveryByte(String text) throws Exception {
        byte[] bytes = utf8(text);
        try (RawClient client = RawClient.open(server)) {
            client.sendText(text);
            client.expectText(text);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(client.frame(0x01, new byte[0]));
            for (byte b : bytes) {
                frames.writeBytes(client.frame(0x00, new byte[] {b}));
            }
            frames.writeBytes(client.frame(0x80, new byte[0]));
            client.write(frames.toByteArray());
            client.expectText(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"80", "bf", "c0af", "c1bf", "ce", "cebae1bdb9cf83cebcceb5eda080656469746564", "e080af",
        "e09fbf", "eda080", "edbfbf", "eda080edb080", "efbf", "f08080af", "f08fbfbf", "f4908080", "f5808080",
        "f7bfbfbf", "fe", "ff", "fefeffff", "41c2", "41e282"})
    void invalidTextFailsTheConnectionWith1007(String invalid) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.send(0x1, hex(invalid));
            client.expectCloseAndEnd(1007);
        }
    }

    @Test
    void aSequenceSplitBetweenFragmentsIsValid() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x01, hex("41f0")),
                    client.frame(0x00, hex("9d")),
                    client.frame(0x80, hex("849e42"))));
            client.expectText("A\uD834\uDD1EB");
        }
    }

    @Test
    void aMessageEndingInsideASequenceIsInvalid() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x01, hex("41")),
                    client.frame(0x80, hex("e282"))));
            client.expectCloseAndEnd(1007);
        }
    }

    @Test
    void anInvalidFragmentFailsBeforeTheMessageEnds() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x01, utf8("κόσμε")));
            client.write(client.frame(0x00, hex("f4908080")));
            client.expectCloseAndEnd(1007); // the final fragment was never sent
        }
    }

    @Test
    void anInvalidByteFailsBeforeItsFrameEnds() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] payload = new byte[200];
            Arrays.fill(payload, (byte) 'a');
            payload[20] = (byte) 0xFF;
            byte[] frame = client.frame(0x81, payload);
            client.write(Arrays.copyOf(frame, 40));
            client.expectCloseAndEnd(1007); // the rest of the frame was never sent
        }
    }
}
