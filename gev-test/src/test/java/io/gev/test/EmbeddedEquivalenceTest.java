package io.gev.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import io.gev.Handler;
import io.gev.codec.LengthFieldProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same byte stream, cut into the same pieces, through an {@link EmbeddedConnection} and through a real server on
 * a socket: the output is the same, byte for byte.
 */
class EmbeddedEquivalenceTest {

    private static final LengthFieldProtocol FRAMING = LengthFieldProtocol.builder().width(2).maxFrameLength(300)
            .build();

    /** Answers each frame with how many it has seen on the connection, and the frame reversed. */
    private static final Handler COUNTING = (connection, context, data) -> {
        int seen = connection.context() == null ? 1 : (Integer) connection.context() + 1;
        connection.setContext(seen);
        return seen + ":" + new StringBuilder(new String(data, UTF_8)).reverse();
    };

    @Test
    void randomCutsOfAStreamGiveTheSameOutputEmbeddedAndOnASocket() throws Exception {
        Random random = new Random(19);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] payload = ("frame-" + i + "-" + "x".repeat(random.nextInt(250))).getBytes(UTF_8);
            stream.write(payload.length >> 8);
            stream.write(payload.length);
            stream.write(payload);
        }
        stream.write(new byte[] {0, 5, 'h', 'a'}); // half a frame at the end: waits on both
        byte[] bytes = stream.toByteArray();
        byte[][] chunks = cut(bytes, random);

        EmbeddedConnection embedded = EmbeddedConnection.of(GevServer.builder(COUNTING).protocol(FRAMING));
        embedded.writeInbound(chunks);
        byte[] expected = embedded.readOutbound();
        assertThat(embedded.readOutboundStrings(FRAMING)).isEmpty();
        assertThat(expected.length).isGreaterThan(200 * 8);

        GevServer server = GevServer.builder(COUNTING).protocol(FRAMING).address("127.0.0.1", 0).loops(1).build();
        server.start();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (byte[] chunk : chunks) {
                out.write(chunk);
                out.flush();
            }
            assertThat(readExactly(socket.getInputStream(), expected.length)).isEqualTo(expected);
        } finally {
            server.stop();
        }
    }

    private static byte[][] cut(byte[] bytes, Random random) {
        byte[][] chunks = new byte[bytes.length][];
        int n = 0;
        for (int off = 0; off < bytes.length; ) {
            int len = Math.min(bytes.length - off, 1 + random.nextInt(random.nextBoolean() ? 7 : 700));
            chunks[n++] = Arrays.copyOfRange(bytes, off, off + len);
            off += len;
        }
        return Arrays.copyOf(chunks, n);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] out = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(out, off, length - off);
            if (n < 0) {
                throw new IOException("end of stream after " + off + " of " + length + " bytes");
            }
            off += n;
        }
        return out;
    }
}
