package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The ping timer and {@code gev.idle-timeout} together, both made short: a quiet member is pinged, answers with pongs
 * and so stays; a member that stopped reading no longer takes the server's bytes, goes idle and is closed.
 */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1", "--chat.ping-interval=100ms",
        "--gev.idle-timeout=1s", "--gev.shutdown-timeout=1s", "--gev.send-buffer-size=4KB" })
@Timeout(60)
class ChatKeepAliveTests extends ChatServerCase {

    @Autowired
    ChatProperties chat;

    @Test
    void aQuietMemberIsPingedAndSoOutlivesTheIdleTimeout() {
        try (ChatMember quiet = ChatMember.join(port, "quiet")) {
            Duration idleTimeout = environment.getRequiredProperty("gev.idle-timeout", Duration.class);
            long pingsInOneAndAHalfIdleTimeouts = idleTimeout.multipliedBy(3)
                    .dividedBy(chat.pingInterval().multipliedBy(2));
            await().atMost(ChatMember.TIMEOUT).until(() -> quiet.pings() >= pingsInOneAndAHalfIdleTimeouts);

            assertThat(quiet.closed()).isNotDone();
            assertThat(room.size()).isEqualTo(1);
            quiet.say("still here");
            quiet.awaitHeard("quiet: still here");
        }
    }

    @Test
    void aMemberThatStoppedReadingIsClosedByTheIdleTimeoutAndAnnouncedAsLeft() throws Exception {
        ChatMember talker = ChatMember.join(port, "talker");
        Socket stuck = joinAndNeverReadAgain("stuck");
        try (talker; stuck) {
            talker.awaitHeard("* stuck joined");

            // far more than the stuck member's socket buffers hold: the rest stays queued in gev, nothing moves
            String line = "x".repeat(1000);
            for (int i = 0; i < 64; i++) {
                talker.say(line);
            }
            talker.awaitHeard("* stuck left");
            assertThat(room.size()).isEqualTo(1);
            assertThat(talker.closed()).isNotDone();
        }
    }

    /** A member on a plain socket with a small receive buffer: it upgrades, reads the status line, and stops. */
    private Socket joinAndNeverReadAgain(String name) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) ChatMember.TIMEOUT.toMillis());
        socket.setSoTimeout((int) ChatMember.TIMEOUT.toMillis());
        socket.getOutputStream().write(("GET /chat?name=" + name + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 101 Switching Protocols");
        return socket;
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}
