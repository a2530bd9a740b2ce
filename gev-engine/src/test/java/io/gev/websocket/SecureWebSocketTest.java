package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import io.gev.TestPki;
import io.gev.TlsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code wss://}: the WebSocket protocol over gev's TLS, driven by the JDK's client, which checks the certificate. */
class SecureWebSocketTest {

    @Test
    void aRoundTripOverWssAndAGoingAwayOnStop() throws Exception {
        TestPki pki = TestPki.shared();
        EchoHandler handler = new EchoHandler();
        GevServer server = GevServer.builder(WebSocket.handler(handler)).address("127.0.0.1", 0).loops(1)
                .protocol(WebSocket.protocol(WebSocketOptions.defaults()))
                .tls(TlsOptions.builder(pki.context(pki.server("gev-wss"))).build()).build();
        server.start();
        try {
            JdkReceived received = new JdkReceived();
            HttpClient http = HttpClient.newBuilder().sslContext(pki.clientContext()).build();
            java.net.http.WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/secure"), received).join();

            ws.sendText("hello over wss", true).join();
            assertThat(received.next()).isEqualTo("hello over wss");
            byte[] data = RawClient.bytes(200_000);
            ws.sendBinary(ByteBuffer.wrap(data), true).join();
            assertThat(Arrays.equals((byte[]) received.next(), data)).isTrue();
            assertThat(handler.opened).singleElement().satisfies(c -> {
                assertThat(c.path()).isEqualTo("/secure");
                assertThat(c.connection().sslSession().getProtocol()).isEqualTo("TLSv1.3");
            });

            server.stop();
            assertThat(received.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
        } finally {
            server.close();
        }
    }
}
