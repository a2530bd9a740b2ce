package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.hex;
import static io.gev.websocket.RawClient.text;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compressed messages over raw sockets (Autobahn 12.x and 13.x, frame by frame): the examples of RFC 7692, section
 * 7.2.3, both ways; fragmented compressed messages with control frames between them; context takeover or not; the
 * minimum size; RSV1 misplaced; corrupt deflate data; and the max message size applied to the inflated bytes.
 */
class CompressionTest {

    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    private static final String DEFLATE_NO_CONTEXT = "Sec-WebSocket-Extensions: permessage-deflate; "
            + "server_no_context_takeover\r\n";
    /** "Hello" compressed as the first message of a context, and as the second after a first "Hello". */
    private static final byte[] HELLO = hex("f248cdc9c90700");
    private static final byte[] HELLO_AGAIN = hex("f200110000");
    private static final int MAX_MESSAGE = 64 * 1024;

    private static GevServer server;
    private static GevServer defaults;
    private static GevServer limited;

    @BeforeAll
    static void start() {
        server = EchoHandler.start(WebSocketOptions.builder().compressionMinSize(0).build());
        defaults = EchoHandler.start(WebSocketOptions.defaults());
        limited = EchoHandler.start(WebSocketOptions.builder().maxMessageSize(MAX_MESSAGE).compressionMinSize(0)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
        defaults.close();
        limited.close();
    }

    /** A WebSocket to {@code target} that agreed permessage-deflate as {@code offer} asks. */
    private static RawClient open(GevServer target, String offer) throws Exception {
        RawClient client = RawClient.connect(target);
        assertThat(client.request(RawClient.upgradeRequest("/", offer))).contains("Sec-WebSocket-Extensions: ");
        return client;
    }

    @Test
    void theRfcHelloIsInflatedAndEchoedCompressedUsingTheContext() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(client.frame(0xC1, HELLO));
            client.expectFrame(0xC1, HELLO);
            client.write(client.frame(0xC1, HELLO_AGAIN));
            client.expectFrame(0xC1, HELLO_AGAIN);
        }
    }

    @Test
    void withoutServerContextTakeoverEachMessageIsCompressedOnItsOwn() throws Exception {
        try (RawClient client = open(server, DEFLATE_NO_CONTEXT)) {
            for (int i = 0; i < 3; i++) {
                client.write(client.frame(0xC1, HELLO));
                client.expectFrame(0xC1, HELLO);
            }
        }
    }

    @Test
    void theRfcFragmentedHelloIsReassembledAroundAPing() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(concat(client.frame(0x41, hex("f248cd")), client.frame(0x89, utf8("ping")),
                    client.frame(0x80, hex("c9c90700"))));
            client.expectFrame(0x8A, utf8("ping")); // control frames are never compressed
            client.expectFrame(0xC1, HELLO);
        }
    }

    @Test
    void anUncompressedMessageIsAcceptedAndAnEmptyOneCompressesToOneByte() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.sendText("Hello");
            client.expectFrame(0xC1, HELLO);
            client.write(client.frame(0xC2, hex("00")));
            client.expectFrame(0xC2, hex("00"));
        }
    }

    @Test
    void payloadsBelowTheMinimumSizeGoUncompressed() throws Exception {
        try (RawClient client = open(defaults, DEFLATE)) {
            client.sendText(text(63));
            client.expectText(text(63));
            client.sendText(text(64));
            RawClient.ServerFrame frame = client.readFrame();
            assertThat(frame.b0()).isEqualTo(0xC1);
            assertThat(new ClientDeflate().inflate(frame.payload())).isEqualTo(utf8(text(64)));
        }
    }

    @Test
    void largeFragmentedMessagesFlowCompressedBothWaysWithContext() throws Exception {
        ClientDeflate deflate = new ClientDeflate();
        try (RawClient client = open(server, DEFLATE)) {
            for (int i = 0; i < 3; i++) {
                byte[] message = utf8(text(300_000 + i) + "ü");
                byte[] compressed = deflate.compress(message);
                int third = compressed.length / 3;
                client.write(concat(client.frame(0x41, Arrays.copyOfRange(compressed, 0, third)),
                        client.frame(0x00, Arrays.copyOfRange(compressed, third, 2 * third)),
                        client.frame(0x80, Arrays.copyOfRange(compressed, 2 * third, compressed.length))));
                RawClient.ServerFrame echo = client.readFrame();
                assertThat(echo.b0()).isEqualTo(0xC1);
                assertThat(echo.payload().length).isLessThan(message.length / 20);
                assertThat(deflate.inflate(echo.payload())).isEqualTo(message);
            }
        }
    }

    @Test
    void rsv1OnAContinuationIsAProtocolError() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(concat(client.frame(0x41, hex("f248cd")), client.frame(0xC0, hex("c9c90700"))));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void rsv1OnAControlFrameIsAProtocolError() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(client.frame(0xC9, utf8("ping")));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void rsv2IsAProtocolErrorEvenWithDeflate() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(client.frame(0xE1, HELLO));
            client.expectCloseAndEnd(1002);
        }
    }

    @Test
    void corruptDeflateDataClosesWith1007() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(client.frame(0xC2, hex("ff0102")));  // BTYPE 11: a reserved block type
            client.expectCloseAndEnd(1007);
        }
    }

    @Test
    void invalidUtf8InsideACompressedTextClosesWith1007() throws Exception {
        try (RawClient client = open(server, DEFLATE)) {
            client.write(client.frame(0xC1, new ClientDeflate().compress(hex("48c328"))));
            client.expectCloseAndEnd(1007);
        }
    }

    @Test
    void aMessageThatInflatesToTheMaximumIsEchoedAndOneByteMoreClosesWith1009() throws Exception {
        try (RawClient client = open(limited, DEFLATE)) {
            byte[] message = new byte[MAX_MESSAGE];
            client.write(client.frame(0xC2, new ClientDeflate().compress(message)));
            RawClient.ServerFrame echo = client.readFrame();
            assertThat(new ClientDeflate().inflate(echo.payload())).isEqualTo(message);
        }
        try (RawClient client = open(limited, DEFLATE)) {
            client.write(client.frame(0xC2, new ClientDeflate().compress(new byte[MAX_MESSAGE + 1])));
            client.expectCloseAndEnd(1009);
        }
    }

    @Test
    void anInflateBombClosesWith1009BeforeItsFrameIsEvenWhole() throws Exception {
        byte[] bomb = zeros(16 << 20); // 16 MiB of zeros in about 16 KiB
        try (RawClient client = open(limited, DEFLATE)) {
            byte[] frame = client.frame(0xC2, bomb);
            client.write(Arrays.copyOf(frame, 8 + 1024)); // the header and 1 KiB, which inflates to about 1 MiB
            client.expectCloseAndEnd(1009);
        }
    }

    private static byte[] zeros(int n) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[n]);
        byte[] out = new byte[n / 512];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        assertThat(length).isLessThan(out.length);
        deflater.end();
        return Arrays.copyOf(out, length - 4);
    }
}
