package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** What the one port answers: the page over plain HTTP, upgrades to {@code /chat} with a name, nothing else. */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1" })
@Timeout(60)
class ChatRoutingTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ChatMember.TIMEOUT).build();

    @Autowired
    Environment environment;

    int port;

    @BeforeEach
    void port() {
        port = environment.getRequiredProperty("local.gev.port", Integer.class);
    }

    @Test
    void thePageIsServedAtTheRootWithOrWithoutAQuery() throws Exception {
        for (String target : new String[] { "/", "/?name=alice", "/index.html" }) {
            HttpResponse<String> page = get(target);
            assertThat(page.statusCode()).as(target).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).as(target).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).as(target).contains("<title>gev chat</title>", "id=\"messages\"",
                    "id=\"message\"", "id=\"send\"", "/chat?name=");
        }
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
    }

    @Test
    void upgradesElsewhereThanTheChatOrWithoutAValidNameAreRefused() {
        assertThat(upgradeStatus("/chat")).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=")).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=%20%20")).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=" + "x".repeat(ChatRoom.MAX_NAME_LENGTH + 1))).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=a%0Ab")).isEqualTo(400);
        // a right-to-left override would turn the rest of every line with the name around; a line separator breaks it
        assertThat(upgradeStatus("/chat?name=bob%E2%80%AE")).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=bob%E2%81%A6x")).isEqualTo(400);
        assertThat(upgradeStatus("/chat?name=a%E2%80%A8b")).isEqualTo(400);
        assertThat(upgradeStatus("/lobby?name=alice")).isEqualTo(404);
    }

    @Test
    void namesMayHoldAnyTextEmojiSequencesAndMarkupIncluded() {
        for (String name : List.of("\uD83D\uDC69\u200D\uD83D\uDCBB", "<b>\"o'brien\"</b>", "a/b/c",
                "\u05E9\u05DC\u05D5\u05DD")) {
            try (ChatMember member = ChatMember.join(port, name)) {
                member.say("hi");
                member.awaitHeard(name + ": hi");
            }
        }
    }

    @Test
    void aBinaryMessageClosesTheWebSocketWithUnsupportedData() throws Exception {
        try (ChatMember member = ChatMember.join(port, "bytes")) {
            member.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
            assertThat(member.closed().get(ChatMember.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1003);
        }
    }

    private HttpResponse<String> get(String target) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(ChatMember.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int upgradeStatus(String target) {
        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder().connectTimeout(ChatMember.TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + target), new WebSocket.Listener() { })
                .orTimeout(ChatMember.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join());
        assertThat(refused).as(target).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }
}
