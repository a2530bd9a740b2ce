package io.gev.websocket;

import static io.gev.websocket.RawClient.upgradeRequest;
import static io.gev.websocket.RawClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opening handshake (RFC 6455, section 4.2): the exact 101 response, leniency where HTTP allows it, an HTTP error
 * for every malformed or refused request, the hooks, subprotocols, the size limit and the timeout.
 */
class HandshakeTest {

    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + RawClient.ACCEPT + "\r\n\r\n";

    /** Sends {@code request}, reads the whole response and the end of the stream; returns the response. */
    private static String refused(GevServer server, String request) throws IOException {
        try (RawClient client = RawClient.connect(server)) {
            String head = client.request(request);
            int length = Integer.parseInt(head.replaceAll("(?s).*\r\nContent-Length: (\\d+)\r\n.*", "$1"));
            String response = head + new String(client.read(length), StandardCharsets.UTF_8);
            client.expectEnd();
            return response;
        }
    }

    @Test
    void theResponseIsExactlyTheRfcsAndFramesMayFollowTheRequestInTheSameWrite() throws Exception {
        try (GevServer server = EchoHandler.start(); RawClient client = RawClient.connect(server)) {
            byte[] request = upgradeRequest("/").getBytes(StandardCharsets.US_ASCII);
            byte[] frame = client.frame(0x81, utf8("right behind"));
            byte[] both = new byte[request.length + frame.length];
            System.arraycopy(request, 0, both, 0, request.length);
            System.arraycopy(frame, 0, both, request.length, frame.length);
            client.write(both);
            client.expect(SWITCHING.getBytes(StandardCharsets.US_ASCII));
            client.expectText("right behind");
        }
    }

    @Test
    void aRequestDribbledByteByByteIsAnswered() throws Exception {
        try (GevServer server = EchoHandler.start(); RawClient client = RawClient.connect(server)) {
            for (byte b : upgradeRequest("/").getBytes(StandardCharsets.US_ASCII)) {
                client.write(new byte[] {b});
            }
            assertThat(client.readHead()).isEqualTo(SWITCHING);
        }
    }

    @Test
    void headerNamesAndTokensIgnoreCaseAndTheHandlerSeesTheRequest() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler);
             RawClient client = RawClient.connect(server)) {
            String head = client.request("GET /chat?room=1 HTTP/1.1\r\nhost: x\r\nupgrade: WebSocket\r\n"
                    + "connection: keep-alive, Upgrade\r\nsec-websocket-key: " + RawClient.KEY + "\r\n"
                    + "SEC-WEBSOCKET-VERSION: 13\r\nX-Token: a\r\nx-token: b\r\n\r\n");
            assertThat(head).isEqualTo(SWITCHING);
            await().until(() -> handler.opened.size() == 1);
            WebSocketConnection ws = handler.opened.get(0);
            assertThat(ws.path()).isEqualTo("/chat?room=1");
            assertThat(ws.subprotocol()).isNull();
            assertThat(ws.requestHeaders()).containsEntry("X-TOKEN", "a, b").containsEntry("Host", "x");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: not base64 at all!!!!!!!\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        "GET /\r\nHost: x\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded: line\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\ny\r\n\r\n",
    })
    void aMalformedRequestGets400AndIsCounted(String request) throws Exception {
        try (GevServer server = EchoHandler.start()) {
            assertThat(refused(server, request)).startsWith("HTTP/1.1 400 Bad Request\r\n");
            await().until(() -> server.stats().protocolErrors() == 1);
        }
    }

    @Test
    void anotherProtocolVersionGets426NamingVersion13() throws Exception {
        try (GevServer server = EchoHandler.start()) {
            String response = refused(server, upgradeRequest("/").replace("Version: 13", "Version: 8"));
            assertThat(response).startsWith("HTTP/1.1 426 Upgrade Required\r\n")
                    .contains("\r\nSec-WebSocket-Version: 13\r\n").contains("\r\nUpgrade: websocket\r\n");
        }
    }

    @Test
    void anotherMethodGets405() throws Exception {
        try (GevServer server = EchoHandler.start()) {
            assertThat(refused(server, upgradeRequest("/").replace("GET", "POST")))
                    .startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("\r\nAllow: GET\r\n");
        }
    }

    @Test
    void aHeadOverTheLimitGets431WhetherOrNotItEnded() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().maxHandshakeSize(300).build();
        String pad = "p".repeat(300 - upgradeRequest("/").length() - "X-Pad: \r\n".length());
        String exactly300 = upgradeRequest("/", "X-Pad: " + pad + "\r\n");
        assertThat(exactly300).hasSize(300);
        try (GevServer server = EchoHandler.start(options)) {
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(exactly300)).isEqualTo(SWITCHING);
            }
            assertThat(refused(server, exactly300.replace("X-Pad: ", "X-Pad: q")))
                    .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
            assertThat(refused(server, "GET / HTTP/1.1\r\nX-Endless: " + "e".repeat(400)))
                    .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        }
    }

    @Test
    void theDefaultLimitIsEightKibibytes() throws Exception {
        try (GevServer server = EchoHandler.start()) {
            assertThat(refused(server, upgradeRequest("/", "X-Pad: " + "p".repeat(8192) + "\r\n")))
                    .startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void aRejectedOriginGets403() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().originCheck("http://good.example"::equals).build();
        try (GevServer server = EchoHandler.start(options)) {
            assertThat(refused(server, upgradeRequest("/", "Origin: http://evil.example\r\n")))
                    .startsWith("HTTP/1.1 403 Forbidden\r\n");
            assertThat(refused(server, upgradeRequest("/"))).startsWith("HTTP/1.1 403 Forbidden\r\n");
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(upgradeRequest("/", "Origin: http://good.example\r\n"))).isEqualTo(SWITCHING);
            }
            assertThat(server.stats().protocolErrors()).isZero();
        }
    }

    @Test
    void theUpgradeFilterSeesPathAndHeadersAndRefusesWithItsReply() throws Exception {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        WebSocketOptions options = WebSocketOptions.builder().upgradeFilter((path, headers) -> {
            seen.add(headers);
            return path.startsWith("/private") && headers.get("authorization") == null
                    ? HttpReply.text(401, "Unauthorized", "token required") : null;
        }).build();
        try (GevServer server = EchoHandler.start(options)) {
            assertThat(refused(server, upgradeRequest("/private/room")))
                    .isEqualTo("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Content-Length: 14\r\nConnection: close\r\n\r\ntoken required");
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(upgradeRequest("/private/room", "Authorization: Bearer t\r\n")))
                        .isEqualTo(SWITCHING);
            }
            assertThat(seen).hasSize(2);
            assertThat(seen.get(1)).containsEntry("Authorization", "Bearer t");
        }
    }

    @Test
    void theFirstSubprotocolTheClientPrefersThatTheServerSpeaksIsAgreed() throws Exception {
        EchoHandler handler = new EchoHandler();
        WebSocketOptions options = WebSocketOptions.builder().subprotocols("v2", "v1").build();
        try (GevServer server = EchoHandler.start(options, handler)) {
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(upgradeRequest("/", "Sec-WebSocket-Protocol: v0, v1, v2\r\n")))
                        .isEqualTo(SWITCHING.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: v1\r\n\r\n"));
            }
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(upgradeRequest("/", "Sec-WebSocket-Protocol: v3\r\n",
                        "sec-websocket-protocol: v2\r\n")))
                        .isEqualTo(SWITCHING.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: v2\r\n\r\n"));
            }
            try (RawClient client = RawClient.connect(server)) {
                assertThat(client.request(upgradeRequest("/", "Sec-WebSocket-Protocol: v3\r\n"))).isEqualTo(SWITCHING);
            }
            await().until(() -> handler.opened.size() == 3);
            assertThat(handler.opened).extracting(WebSocketConnection::subprotocol).containsExactly("v1", "v2", null);
        }
    }

    @Test
    void aPlainGetGets426WithoutAPageHandler() throws Exception {
        try (GevServer server = EchoHandler.start()) {
            assertThat(refused(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 426 Upgrade Required\r\n");
        }
    }

    @Test
    void aPlainGetIsAnsweredByThePageHandlerAndThenClosed() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder()
                .plainHttpHandler((path, headers) -> path.equals("/") ? HttpReply.html("<p>héllo</p>") : null).build();
        try (GevServer server = EchoHandler.start(options)) {
            assertThat(refused(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\n"
                            + "Connection: close\r\n\r\n<p>héllo</p>");
            assertThat(refused(server, "GET /favicon.ico HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void aPeerThatNeverCompletesTheHandshakeIsClosedAfterTheTimeout() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().handshakeTimeout(Duration.ofMillis(200)).build();
        try (GevServer server = EchoHandler.start(options)) {
            long start = System.nanoTime(); // before the connections, whose timeouts start when they are accepted
            try (RawClient silent = RawClient.connect(server); RawClient partial = RawClient.connect(server)) {
                partial.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                silent.expectEnd();
                partial.expectEnd();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
            await().until(() -> server.stats().handshakeTimeouts() == 2);
            assertThat(server.stats().handlerErrors()).as("a timeout, not a fault").isZero();
        }
    }

    @Test
    void anUpgradedConnectionOutlivesTheHandshakeTimeout() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().handshakeTimeout(Duration.ofMillis(100)).build();
        try (GevServer server = EchoHandler.start(options); RawClient client = RawClient.open(server)) {
            await().during(Duration.ofMillis(400)).until(() -> server.connectionCount() == 1);
            client.sendText("still here");
            client.expectText("still here");
        }
    }
}
