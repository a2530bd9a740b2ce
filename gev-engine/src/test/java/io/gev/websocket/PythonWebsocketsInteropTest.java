package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gev.GevServer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Python's {@code websockets} library, a third-party client that compresses, against the echo server:
 * {@code clients/websockets_deflate.py} offers permessage-deflate in several forms, sends JSON chat lines, a large JSON
 * text and incompressible binary, and checks every echo (its inflater is set to the window the server agreed, so a
 * back-reference beyond it fails). The server's byte counts show that both directions were compressed.
 * {@code clients/websockets_shared.py} has two of its clients receive {@link SharedFrame}s, and counts the ones that
 * came compressed (RSV1 set) and inflated to their text. A missing
 * {@code websockets} fails the test and says what to install: CI installs it.
 */
class PythonWebsocketsInteropTest {

    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    @BeforeAll
    static void websocketsIsInstalled() throws Exception {
        Process check = new ProcessBuilder("python3", "-c", "import websockets").redirectErrorStream(true).start();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            fail("python3 cannot import websockets: install it with `pip install websockets` (.ci/run does)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default         | permessage-deflate",
        "no-context      | permessage-deflate; server_no_context_takeover",
        "server-window-9 | permessage-deflate; server_max_window_bits=9",
        "server-window-8 | permessage-deflate; server_max_window_bits=8",
    })
    void websocketsAgreesAndMessagesFlowCompressedBothWays(String offer, String agreed) throws Exception {
        try (GevServer server = EchoHandler.start(WebSocketOptions.builder().maxMessageSize(1 << 20).build())) {
            List<String> lines = runClient("websockets_deflate.py", server.port(), offer);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("extensions: " + agreed);
            assertThat(lines.get(1)).isEqualTo("echoed 203 messages");
            long payload = Long.parseLong(lines.get(2).substring("bytes ".length()));
            assertThat(payload).isGreaterThan(300_000);
            assertThat(server.stats().bytesRead()).as("bytes the client sent").isLessThan(payload / 4);
            assertThat(server.stats().bytesWritten()).as("bytes the server sent, small windows too")
                    .isLessThan(payload / 2);
        }
    }

    @Test
    void sharedFramesReachWebsocketsCompressedWithAndWithoutContextTakeover() throws Exception {
        EchoHandler handler = new EchoHandler() {
            @Override
            public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
                String text = new String(data, StandardCharsets.UTF_8);
                if (!text.startsWith("share:")) {
                    return text;
                }
                SharedFrame frame = SharedFrame.text(text.substring("share:".length()));
                opened.forEach(member -> member.send(frame));
                return null;
            }
        };
        try (GevServer server = EchoHandler.start(WebSocketOptions.defaults(), handler)) {
            assertThat(runClient("websockets_shared.py", server.port())).containsExactly(
                    "extensions: permessage-deflate",
                    "extensions: permessage-deflate; server_no_context_takeover",
                    "sender: 20 of 20 shared lines compressed",
                    "other: 20 of 20 shared lines compressed");
        }
    }

    /** Runs a script to its end (bounded); returns its output lines, failing with its output if it failed. */
    private List<String> runClient(String name, Object... args) throws IOException, InterruptedException,
            URISyntaxException {
        Path script = Path.of(getClass().getResource("/clients/" + name).toURI());
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        File output = dir.resolve("out.txt").toFile();
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("websockets client did not finish within %d s", TIMEOUT_SECONDS);
        }
        String printed = Files.readString(output.toPath(), StandardCharsets.UTF_8);
        assertThat(client.exitValue()).as("exit code; output: %s", printed).isZero();
        return printed.lines().toList();
    }
}
