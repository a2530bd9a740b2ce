package io.gev.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The built-in framings on a real server: pipelined frames, and a hostile peer that disturbs nobody else. */
class FramingServerTest {

    private static GevServer echo(Protocol protocol) {
        GevServer server = GevServer.builder((c, ctx, data) -> data).address("127.0.0.1", 0).loops(1)
                .protocol(protocol).build();
        server.start();
        return server;
    }

    private static Socket connect(GevServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @Test
    void anOverlongLineClosesOnlyItsConnectionAfterTheRepliesBeforeIt() throws Exception {
        try (GevServer server = echo(DelimiterProtocol.lines(16, true));
             Socket hostile = connect(server); Socket good = connect(server)) {
            hostile.getOutputStream().write("ok\n".concat("x".repeat(100)).getBytes(StandardCharsets.UTF_8));
            assertThat(new String(readToEnd(hostile.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("ok\r\n");
            good.getOutputStream().write("a\r\nb\nc\n".getBytes(StandardCharsets.UTF_8));
            byte[] replies = new byte[9];
            new DataInputStream(good.getInputStream()).readFully(replies);
            assertThat(new String(replies, StandardCharsets.UTF_8)).isEqualTo("a\r\nb\r\nc\r\n");
            await().until(() -> server.stats().protocolErrors() == 1);
            hostile.close(); // the server half-closed and waits for the peer to close: a client does at end of stream
            await().until(() -> server.connectionCount() == 1);
        }
    }

    @Test
    void aHugeDeclaredLengthClosesOnlyItsConnection() throws Exception {
        LengthFieldProtocol protocol = LengthFieldProtocol.builder().maxFrameLength(64 * 1024).build();
        try (GevServer server = echo(protocol); Socket hostile = connect(server); Socket good = connect(server)) {
            hostile.getOutputStream().write(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
            assertThat(readToEnd(hostile.getInputStream())).isEmpty();
            good.getOutputStream().write(new byte[] {0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0});
            byte[] replies = new byte[10];
            new DataInputStream(good.getInputStream()).readFully(replies);
            assertThat(replies).containsExactly(0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0);
            assertThat(server.stats().protocolErrors()).isEqualTo(1);
        }
    }
}
