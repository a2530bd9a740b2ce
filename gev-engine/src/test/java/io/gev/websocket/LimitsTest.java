package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.bytes;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Autobahn 9.x and the limits: messages and frames up to the maximum pass, one byte more closes with 1009 as soon as
 * the header says so, before any payload is sent.
 */
class LimitsTest {

    private static final int MAX_FRAME = 40_000;
    private static final int MAX_MESSAGE = 100_000;

    private static GevServer server;
    private static GevServer defaults;

    @BeforeAll
    static void start() {
        server = EchoHandler.start(
                WebSocketOptions.builder().maxMessageSize(MAX_MESSAGE).maxFrameSize(MAX_FRAME).build());
        defaults = EchoHandler.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        defaults.close();
    }

    @Test
    void aFrameOfTheMaximumSizeIsEchoed() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] data = bytes(MAX_FRAME);
            client.send(0x2, data);
            client.expectFrame(0x82, data);
        }
    }

    @Test
    void aFrameOverTheMaximumClosesWith1009OnItsHeaderAlone() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            byte[] frame = client.frame(0x82, bytes(MAX_FRAME + 1));
            client.write(Arrays.copyOf(frame, 8)); // 2 + 2 length bytes + 4 mask bytes
            client.expectCloseAndEnd(1009);
        }
    }

    @Test
    void aMessageOfTheMaximumSizeInFragmentsIsEchoed() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            String text = text(MAX_MESSAGE);
            byte[] bytes = RawClient.utf8(text);
            client.write(concat(client.frame(0x01, Arrays.copyOfRange(bytes, 0, MAX_FRAME)),
                    client.frame(0x00, Arrays.copyOfRange(bytes, MAX_FRAME, 2 * MAX_FRAME)),
                    client.frame(0x80, Arrays.copyOfRange(bytes, 2 * MAX_FRAME, MAX_MESSAGE))));
            client.expectText(text);
        }
    }

    @Test
    void theFragmentThatTakesAMessageOverTheMaximumClosesWith1009() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(client.frame(0x02, bytes(MAX_FRAME)));
            client.write(client.frame(0x00, bytes(MAX_FRAME)));
            byte[] third = client.frame(0x80, bytes(MAX_MESSAGE - 2 * MAX_FRAME + 1));
            client.write(Arrays.copyOf(third, 8));
            client.expectCloseAndEnd(1009);
        }
    }

    @Test
    void aHugeDeclaredLengthClosesWith1009AtOnce() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(hex("82ff 4000000000000000 11223344"));
            client.expectCloseAndEnd(1009);
        }
    }

    @Test
    void aLengthWithTheMostSignificantBitSetIsAProtocolError() throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(hex("82ff 8000000000000001 11223344"));
            client.expectCloseAndEnd(1002);
        }
        assertThat(server.stats().protocolErrors()).isPositive();
    }

    @Test
    void theDefaultLimitIsOneMebibyte() throws Exception {
        try (RawClient client = RawClient.open(defaults)) {
            byte[] data = bytes(1 << 20);
            client.send(0x2, data);
            client.expectFrame(0x82, data);
        }
        try (RawClient client = RawClient.open(defaults)) {
            byte[] frame = client.frame(0x82, bytes((1 << 20) + 1));
            client.write(Arrays.copyOf(frame, 14));
            client.expectCloseAndEnd(1009);
        }
    }

    @Test
    void manyLargeMessagesInARowAreEchoed() throws Exception {
        try (RawClient client = RawClient.open(defaults)) {
            for (int i = 0; i < 32; i++) {
                byte[] data = bytes(65_536 + i);
                client.send(0x2, data);
                client.expectFrame(0x82, data);
            }
        }
    }
}
