package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unix domain sockets: the same server on a socket file, driven by a {@code SocketChannel} client. */
class UnixDomainSocketTest {

    @TempDir
    Path dir;

    private static GevServer.Builder server(Handler handler, Path file) {
        return GevServer.builder(handler).address(UnixDomainSocketAddress.of(file)).loops(2);
    }

    private static SocketChannel connect(Path file) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(file));
        return channel;
    }

    private static String exchange(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer reply = ByteBuffer.allocate(request.length());
        while (reply.hasRemaining()) {
            if (channel.read(reply) < 0) {
                throw new IOException("end of stream after " + reply.position() + " bytes");
            }
        }
        return new String(reply.array(), StandardCharsets.UTF_8);
    }

    @Test
    void servesTheSameHandlerAndCountsItAndRemovesTheFileOnStop() throws Exception {
        Path file = dir.resolve("gev.sock");
        List<Object> peers = new CopyOnWriteArrayList<>();
        Handler echo = new Handler() {
            @Override
            public void onConnect(Connection c) {
                peers.add(c.localAddress());
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return data;
            }
        };
        GevServer server = server(echo, file).build();
        server.start();
        try {
            assertThat(server.localAddress()).isEqualTo(UnixDomainSocketAddress.of(file));
            assertThat(server.port()).isEqualTo(-1);
            assertThat(Files.exists(file)).isTrue();
            try (SocketChannel a = connect(file); SocketChannel b = connect(file)) {
                assertThat(exchange(a, "over a socket file")).isEqualTo("over a socket file");
                assertThat(exchange(b, "second")).isEqualTo("second");
                await().until(() -> server.connectionCount() == 2);
            }
            await().until(() -> server.stats().connectionsClosed() == 2);
            assertThat(server.stats().bytesRead()).isEqualTo(24);
            assertThat(server.stats().bytesWritten()).isEqualTo(24);
            assertThat(peers).hasSize(2).allMatch(UnixDomainSocketAddress.class::isInstance);
        } finally {
            server.stop();
        }
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
        Path file = dir.resolve("stale.sock");
        // a server that died: its socket file stays behind, with nobody accepting on it
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(file));
        dead.close();
        assertThat(Files.exists(file)).isTrue();

        try (GevServer server = server((c, x, d) -> d, file).build()) {
            server.start();
            try (SocketChannel client = connect(file)) {
                assertThat(exchange(client, "fresh")).isEqualTo("fresh");
            }
            GevServer second = server((c, x, d) -> d, file).build();
            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("another server accepts on");
            try (SocketChannel client = connect(file)) {
                assertThat(exchange(client, "still the first")).isEqualTo("still the first");
            }
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "keep me");
        GevServer server = server((c, x, d) -> d, file).build();
        assertThatThrownBy(server::start).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot bind");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void tlsWorksOverASocketFileToo() throws Exception {
        Path file = dir.resolve("tls.sock");
        TestPki pki = TestPki.shared();
        try (GevServer server = server((c, x, d) -> d, file)
                .tls(TlsOptions.builder(pki.context(pki.server("gev-server"))).build()).build()) {
            server.start();
            try (SocketChannel raw = connect(file)) {
                javax.net.ssl.SSLEngine client = pki.clientContext().createSSLEngine("localhost", 0);
                client.setUseClientMode(true);
                assertThat(TlsOverChannel.roundTrip(client, raw, "secret over unix")).isEqualTo("secret over unix");
            }
            assertThat(server.stats().tlsHandshakes()).isEqualTo(1);
        }
    }
}
