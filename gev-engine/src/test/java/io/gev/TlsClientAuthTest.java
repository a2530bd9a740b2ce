package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Mutual TLS: what {@link ClientAuth} lets in, and the client certificate the handler sees. */
class TlsClientAuthTest {

    private static final TestPki PKI = TlsServerTest.PKI;

    /** Answers each message with the common name of the client's certificate, or "none". */
    static final class WhoAmI implements Handler {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onConnect(Connection connection) {
            seen.add(clientName(connection));
        }

        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return clientName(connection) + "\n";
        }

        static String clientName(Connection connection) {
            try {
                Certificate[] chain = connection.sslSession().getPeerCertificates();
                return ((java.security.cert.X509Certificate) chain[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException e) {
                return "none";
            }
        }
    }

    private static GevServer start(WhoAmI handler, ClientAuth auth) {
        GevServer server = TlsServerTest.tlsServer(handler, TlsServerTest.options().clientAuth(auth)).build();
        server.start();
        return server;
    }

    private static String ask(SSLSocket socket) throws IOException {
        byte[] reply = TlsServerTest.exchange(socket, "?".getBytes(StandardCharsets.US_ASCII), 1);
        StringBuilder line = new StringBuilder(new String(reply, StandardCharsets.US_ASCII));
        int c;
        while ((c = socket.getInputStream().read()) != '\n' && c >= 0) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void needServesAClientWithACertificateTheCaSigned() throws Exception {
        WhoAmI handler = new WhoAmI();
        try (GevServer server = start(handler, ClientAuth.NEED);
                SSLSocket socket = TlsServerTest.connect(PKI.context(PKI.client("alice")), server.port())) {
            assertThat(ask(socket)).isEqualTo("CN=alice");
            assertThat(handler.seen).containsExactly("CN=alice");
        }
    }

    @Test
    void needRefusesAClientWithoutACertificate() throws Exception {
        assertRefusedUnderNeed(PKI.clientContext());
    }

    @Test
    void needRefusesACertificateTheCaNeverSigned() throws Exception {
        assertRefusedUnderNeed(PKI.context(PKI.stranger("mallory")));
    }

    private static void assertRefusedUnderNeed(javax.net.ssl.SSLContext client) throws Exception {
        WhoAmI handler = new WhoAmI();
        try (GevServer server = start(handler, ClientAuth.NEED);
                SSLSocket socket = TlsServerTest.connect(client, server.port())) {
            assertThatThrownBy(() -> ask(socket)).isInstanceOf(IOException.class);
            await().until(() -> server.stats().tlsErrors() == 1);
            assertThat(handler.seen).isEmpty();
        }
    }

    @Test
    void wantServesClientsWithAndWithoutACertificate() throws Exception {
        WhoAmI handler = new WhoAmI();
        // bob's key is made before anyone connects: the anonymous client's handshake must not wait for it (the
        // server gives a handshake 10 s, and keytool on a loaded machine can take that long)
        javax.net.ssl.SSLContext bobContext = PKI.context(PKI.client("bob"));
        try (GevServer server = start(handler, ClientAuth.WANT);
                SSLSocket anonymous = TlsServerTest.connect(PKI.clientContext(), server.port());
                SSLSocket bob = TlsServerTest.connect(bobContext, server.port())) {
            assertThat(ask(anonymous)).isEqualTo("none");
            assertThat(ask(bob)).isEqualTo("CN=bob");
        }
    }

    @Test
    void noneNeverAsks() throws Exception {
        WhoAmI handler = new WhoAmI();
        try (GevServer server = start(handler, ClientAuth.NONE);
                SSLSocket carol = TlsServerTest.connect(PKI.context(PKI.client("carol")), server.port())) {
            assertThat(ask(carol)).isEqualTo("none");
        }
    }
}
