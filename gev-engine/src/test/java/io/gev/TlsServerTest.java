package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS on the loops, driven by the JDK's {@link SSLSocket}: the protocol sees plaintext, whatever the records. */
class TlsServerTest {

    static final TestPki PKI = TestPki.shared();
    static final TestPki.Identity SERVER = PKI.server("gev-server");

    static GevServer.Builder tlsServer(Handler handler, TlsOptions.Builder tls) {
        return GevServer.builder(handler).address("127.0.0.1", 0).loops(1).tls(tls.build());
    }

    static TlsOptions.Builder options() {
        return TlsOptions.builder(PKI.context(SERVER));
    }

    static SSLSocket connect(SSLContext client, int port, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        javax.net.ssl.SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the client checks the server's name, as browsers do
        socket.setSSLParameters(params);
        return socket;
    }

    static byte[] exchange(Socket socket, byte[] request, int replyLength) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        byte[] reply = new byte[replyLength];
        new DataInputStream(socket.getInputStream()).readFully(reply);
        return reply;
    }

    /** Echoes, and notes each connection's TLS session as the handler sees it in onConnect. */
    static final class SessionEcho implements Handler {
        final List<SSLSession> sessions = new CopyOnWriteArrayList<>();

        @Override
        public void onConnect(Connection connection) {
            sessions.add(connection.sslSession());
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return data;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesOverEitherProtocolAndTheHandlerSeesTheSessionFromOnConnect(String protocol) throws Exception {
        SessionEcho handler = new SessionEcho();
        try (GevServer server = tlsServer(handler, options()).build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port(), protocol)) {
                byte[] reply = exchange(socket, "hello over tls".getBytes(StandardCharsets.US_ASCII), 14);
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("hello over tls");
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(SERVER.x509());
            }
            assertThat(handler.sessions).hasSize(1);
            assertThat(handler.sessions.get(0).getProtocol()).isEqualTo(protocol);
            await().until(() -> server.stats().connectionsClosed() == 1);
            assertThat(server.stats().tlsHandshakes()).isEqualTo(1);
            assertThat(server.stats().tlsErrors()).isZero();
            assertThat(server.stats().bytesRead()).isGreaterThan(14); // ciphertext, handshake included
        }
    }

    @Test
    void largeTransfersBothWaysArriveIntact() throws Exception {
        byte[] payload = new byte[4 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port())) {
                Thread writer = new Thread(() -> {
                    try {
                        socket.getOutputStream().write(payload);
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                byte[] echoed = new byte[payload.length];
                new DataInputStream(socket.getInputStream()).readFully(echoed);
                writer.join();
                assertThat(Arrays.equals(echoed, payload)).isTrue();
            }
        }
    }

    @Test
    void garbageInsteadOfAHandshakeClosesOnlyThatConnectionAndIsCounted() throws Exception {
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            try (SSLSocket good = connect(PKI.clientContext(), server.port());
                    TestClient garbage = TestClient.connect(server.port())) {
                assertThat(exchange(good, "one".getBytes(StandardCharsets.US_ASCII), 3)).containsExactly('o', 'n', 'e');
                garbage.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                byte[] rest = garbage.readToEnd();
                // whatever alert the engine sent, it is a TLS record (content type 21) and then the end of stream
                assertThat(rest.length == 0 || rest[0] == 21).isTrue();
                await().until(() -> server.stats().tlsErrors() == 1);
                assertThat(exchange(good, "two".getBytes(StandardCharsets.US_ASCII), 3)).containsExactly('t', 'w', 'o');
            }
        }
    }

    @Test
    void aClientThatNeverFinishesTheHandshakeIsClosedAtTheTimeout() throws Exception {
        try (GevServer server = tlsServer((c, x, d) -> d, options().handshakeTimeout(Duration.ofMillis(300)))
                .build()) {
            server.start();
            try (TestClient silent = TestClient.connect(server.port())) {
                long start = System.nanoTime();
                assertThat(silent.readToEnd()).isEmpty();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).isBetween(250L, 5_000L);
                await().until(() -> server.stats().handshakeTimeouts() == 1);
                assertThat(server.stats().tlsHandshakes()).isZero();
                assertThat(server.stats().tlsErrors()).as("a timeout, not a TLS error").isZero();
            }
        }
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port(), "TLSv1.2")) {
                assertThat(exchange(socket, "before".getBytes(StandardCharsets.US_ASCII), 6)).hasSize(6);
                socket.startHandshake(); // a second handshake on a TLS 1.2 session: renegotiation
                assertThatThrownBy(() -> {
                    socket.getOutputStream().write('x');
                    socket.getOutputStream().flush();
                    int b = socket.getInputStream().read();
                    if (b >= 0) {
                        throw new AssertionError("the server answered after a renegotiation: " + b);
                    }
                    throw new SSLException("end of stream");
                }).isInstanceOf(IOException.class);
                await().until(() -> server.stats().tlsErrors() == 1);
            }
        }
    }

    @Test
    void closeAfterALargeReplyDeliversItThenCloseNotify() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Handler sendAndClose = (c, x, d) -> {
            c.send(big);
            c.close();
            return null;
        };
        try (GevServer server = tlsServer(sendAndClose, options()).build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port())) {
                socket.getOutputStream().write('!');
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] got = in.readAllBytes(); // ends at the server's close_notify: a truncation would throw
                assertThat(Arrays.equals(got, big)).isTrue();
            }
        }
    }

    @Test
    void recordsCutAtEveryByteBoundaryStillDecode() throws Exception {
        byte[] request = new byte[5000];
        new Random(11).nextBytes(request);
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            try (DribblingRelay relay = new DribblingRelay(server.port());
                    SSLSocket socket = connect(PKI.clientContext(), relay.port())) {
                for (int i = 0; i < 3; i++) {
                    assertThat(Arrays.equals(exchange(socket, request, request.length), request)).isTrue();
                }
            }
            assertThat(server.stats().tlsErrors()).isZero();
        }
    }

    @Test
    void aProxyHeaderComesBeforeTheHandshakeAndNamesTheClient() throws Exception {
        List<Object> peers = new CopyOnWriteArrayList<>();
        List<SSLSession> sessions = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                peers.add(c.peerAddress());
                sessions.add(c.sslSession());
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return data;
            }
        };
        try (GevServer server = tlsServer(handler, options()).proxyProtocol(ProxyProtocol.REQUIRED).build()) {
            server.start();
            Socket raw = new Socket("127.0.0.1", server.port());
            // the header and the ClientHello may share a segment: the bytes behind the header are TLS
            raw.getOutputStream().write("PROXY TCP4 198.51.100.9 10.0.0.1 40000 443\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            try (SSLSocket socket = (SSLSocket) PKI.clientContext().getSocketFactory()
                    .createSocket(raw, "localhost", server.port(), true)) {
                socket.setSoTimeout(10_000);
                assertThat(exchange(socket, "via proxy".getBytes(StandardCharsets.US_ASCII), 9))
                        .asString().isEqualTo("via proxy");
            }
            assertThat(peers).containsExactly(new InetSocketAddress("198.51.100.9", 40000));
            assertThat(sessions.get(0)).isNotNull();
        }
    }

    @Test
    void aStreamHandlerWorksOnPlaintextInPlace() throws Exception {
        StreamHandler upperCase = (c, in, out) -> {
            while (!in.isEmpty()) {
                out.writeByte(Character.toUpperCase(in.readByte()));
            }
        };
        try (GevServer server = tlsServer(upperCase, options()).build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port())) {
                assertThat(exchange(socket, "stream me".getBytes(StandardCharsets.US_ASCII), 9)).asString()
                        .isEqualTo("STREAM ME");
            }
        }
    }

    @Test
    void aNewContextServesNewConnectionsWhileOpenOnesKeepTheirs() throws Exception {
        TestPki.Identity renewed = PKI.server("gev-server-renewed");
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            try (SSLSocket before = connect(PKI.clientContext(), server.port())) {
                assertThat(exchange(before, "a".getBytes(StandardCharsets.US_ASCII), 1)).containsExactly('a');
                server.updateSslContext(PKI.context(renewed));
                try (SSLSocket after = connect(PKI.clientContext(), server.port())) {
                    assertThat(exchange(after, "b".getBytes(StandardCharsets.US_ASCII), 1)).containsExactly('b');
                    assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(renewed.x509());
                }
                assertThat(exchange(before, "c".getBytes(StandardCharsets.US_ASCII), 1)).containsExactly('c');
                assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(SERVER.x509());
            }
        }
    }

    @Test
    void garbageAfterTheHandshakeClosesTheConnectionAsATlsError() throws Exception {
        try (GevServer server = tlsServer((c, x, d) -> d, options()).build()) {
            server.start();
            Socket raw = new Socket("127.0.0.1", server.port());
            raw.setSoTimeout(10_000);
            try (SSLSocket socket = (SSLSocket) PKI.clientContext().getSocketFactory()
                    .createSocket(raw, "localhost", server.port(), true)) {
                assertThat(exchange(socket, "ok".getBytes(StandardCharsets.US_ASCII), 2)).containsExactly('o', 'k');
                // an application-data record whose contents are not what the keys produce
                raw.getOutputStream().write(new byte[] {23, 3, 3, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                        14, 15, 16, 17, 18, 19, 20});
                raw.getOutputStream().flush();
                await().until(() -> server.stats().tlsErrors() == 1);
                await().until(() -> server.connectionCount() == 0);
            }
        }
    }

    @Test
    void aPeerThatStopsReadingIsClosedAtTheOutboundLimit() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Handler flood = new Handler() {
            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                c.runEvery(Duration.ofMillis(1), () -> c.send(chunk));
                return null;
            }
        };
        try (GevServer server = tlsServer(flood, options()).maxOutboundBytes(1024 * 1024, OverflowPolicy.CLOSE)
                .build()) {
            server.start();
            try (SSLSocket socket = connect(PKI.clientContext(), server.port())) {
                socket.setReceiveBufferSize(16 * 1024);
                socket.getOutputStream().write('g');
                socket.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(20)).until(() -> server.stats().outboundOverflows() == 1);
                assertThat(server.connectionCount()).isZero();
            }
        }
    }

    @Test
    void aConnectionOverTheLimitIsClosedWithoutAGoodbye() throws Exception {
        try (GevServer server = tlsServer((c, x, d) -> d, options()).maxConnections(1)
                .refusalMessage("busy\r\n".getBytes(StandardCharsets.US_ASCII)).build()) {
            server.start();
            try (SSLSocket first = connect(PKI.clientContext(), server.port())) {
                assertThat(exchange(first, "1".getBytes(StandardCharsets.US_ASCII), 1)).containsExactly('1');
                try (TestClient second = TestClient.connect(server.port())) {
                    assertThat(second.readToEnd()).isEmpty(); // no plaintext goodbye on a TLS port
                }
                assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(1);
            }
        }
    }
}
