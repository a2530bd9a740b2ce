package io.gev.websocket;

import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedFrame}s to WebSockets that agreed permessage-deflate, over raw sockets: compressed once and on its own,
 * the same bytes for every recipient whatever its agreement; a recipient that keeps a context restarts it after one;
 * plain below the minimum size, beyond a small server window, and without the extension.
 */
class SharedFrameCompressionTest {

    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    private static final String NO_CONTEXT = "Sec-WebSocket-Extensions: permessage-deflate; "
            + "server_no_context_takeover\r\n";
    private static final String WINDOW_9 = "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n";

    /** Sends {@code frames.get(i)} to every open WebSocket on the text "share i"; echoes anything else. */
    private static EchoHandler sharing(List<SharedFrame> frames) {
        return new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                String text = new String(data, StandardCharsets.UTF_8);
                if (!text.startsWith("share ")) {
                    return super.onMessage(ws, type, data);
                }
                SharedFrame frame = frames.get(Integer.parseInt(text.substring(6)));
                opened.forEach(member -> member.send(frame));
                return null;
            }
        };
    }

    private static RawClient open(GevServer server, String offer) throws Exception {
        RawClient client = RawClient.connect(server);
        client.request(RawClient.upgradeRequest("/", offer));
        return client;
    }

    /** What a message compressed on its own at the default level looks like on the wire, tail removed. */
    private static byte[] compressedAlone(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(utf8(text));
        byte[] out = new byte[64 * 1024];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n - 4);
    }

    @Test
    void everyRecipientGetsTheSameCompressedBytesAndOneKeepingAContextRestartsIt() throws Exception {
        String line = "{\"user\":\"mia\",\"text\":\"" + "see you at the meeting tomorrow ".repeat(12) + "\"}";
        String mine = "{\"user\":\"bob\",\"text\":\"" + "lunch at noon, then the release ".repeat(9) + "\"}";
        EchoHandler handler = sharing(List.of(SharedFrame.text(line)));
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient keeping = open(server, DEFLATE);
             RawClient fresh = open(server, NO_CONTEXT);
             RawClient window9 = open(server, WINDOW_9);
             RawClient plain = RawClient.open(server)) {
            await().until(() -> handler.opened.size() == 4);
            ClientDeflate context = new ClientDeflate(); // the keeping client's inflater, context and all
            keeping.sendText(mine);
            assertThat(context.inflate(keeping.readFrame().payload())).isEqualTo(utf8(mine));
            keeping.sendText("share 0");
            for (RawClient client : List.of(keeping, fresh, window9)) {
                client.expectFrame(0xC1, compressedAlone(line));
            }
            plain.expect(FrameEncoder.text(line));
            assertThat(context.inflate(compressedAlone(line))).isEqualTo(utf8(line));
            keeping.sendText(mine); // with the old context, this would refer back into the shared line
            RawClient.ServerFrame again = keeping.readFrame();
            assertThat(again.b0()).isEqualTo(0xC1);
            assertThat(again.payload()).as("compressed without context").isEqualTo(compressedAlone(mine));
            assertThat(context.inflate(again.payload())).isEqualTo(utf8(mine));
            keeping.sendText(mine); // and the context is kept again from there
            assertThat(keeping.readFrame().payload().length).isLessThan(16);
        }
    }

    @Test
    void belowTheMinimumSizeAndBeyondASmallWindowASharedFrameGoesPlain() throws Exception {
        String small = "hi all";
        String large = "{\"text\":\"" + "a longer line than a 512-byte window holds ".repeat(14) + "\"}";
        EchoHandler handler = sharing(List.of(SharedFrame.text(small), SharedFrame.text(large)));
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient window9 = open(server, WINDOW_9);
             RawClient full = open(server, DEFLATE)) {
            await().until(() -> handler.opened.size() == 2);
            window9.sendText("share 0");
            window9.expect(FrameEncoder.text(small));
            full.expect(FrameEncoder.text(small));
            window9.sendText("share 1");
            window9.expect(FrameEncoder.text(large));
            full.expectFrame(0xC1, compressedAlone(large));
        }
    }
}
