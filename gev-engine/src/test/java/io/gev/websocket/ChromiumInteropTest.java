package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gev.GevServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium loads a page from the server's own plain-HTTP hook, then opens a WebSocket to it with a
 * subprotocol and permessage-deflate, exchanges text and binary messages (compressed both ways) and closes. Skipped
 * where Chromium or its driver is not installed.
 */
class ChromiumInteropTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final String SCRIPT = """
            const done = arguments[arguments.length - 1];
            const ws = new WebSocket(arguments[0], ['chat']);
            ws.binaryType = 'arraybuffer';
            const got = [];
            ws.onopen = () => {
              ws.send('héllo wörld');
              ws.send(new Uint8Array([1, 2, 254, 255]));
              ws.send('x'.repeat(100000));
            };
            ws.onmessage = e => {
              got.push(typeof e.data === 'string'
                  ? 'text:' + (e.data.length > 100 ? e.data.length : e.data)
                  : 'binary:' + Array.from(new Uint8Array(e.data)).join(','));
              if (got.length === 3) {
                ws.close(4321, 'done');
              }
            };
            ws.onerror = () => done({error: 'WebSocket error'});
            ws.onclose = e => done({protocol: ws.protocol, extensions: ws.extensions, got: got, code: e.code,
                                    clean: e.wasClean, page: document.title});
            """;

    @Test
    void aBrowserLoadsThePageAndTalksOverAWebSocket(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER);
        EchoHandler handler = new EchoHandler();
        WebSocketOptions options = WebSocketOptions.builder().subprotocols("chat")
                .plainHttpHandler((path, headers) -> path.equals("/")
                        ? HttpReply.html("<!doctype html><title>gev page</title><p>served by gev</p>") : null)
                .build();
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM);
        chrome.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        try (GevServer server = EchoHandler.start(options, handler)) {
            ChromeDriver driver = new ChromeDriver(service, chrome);
            try {
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
                driver.get("http://127.0.0.1:" + server.port() + "/");
                Object result = driver.executeAsyncScript(SCRIPT, "ws://127.0.0.1:" + server.port() + "/browser");
                assertThat(result).isInstanceOf(Map.class);
                Map<?, ?> outcome = (Map<?, ?>) result;
                assertThat(outcome.get("page")).isEqualTo("gev page");
                assertThat(outcome.get("protocol")).isEqualTo("chat");
                assertThat(outcome.get("extensions")).isEqualTo("permessage-deflate");
                assertThat(outcome.get("got")).asList()
                        .containsExactly("text:héllo wörld", "binary:1,2,254,255", "text:100000");
                assertThat(outcome.get("code")).isEqualTo(4321L);
                assertThat(outcome.get("clean")).isEqualTo(true);
                assertThat(server.stats().bytesRead()).as("the 100,000 x went compressed").isLessThan(10_000);
                assertThat(server.stats().bytesWritten()).as("and came back compressed").isLessThan(10_000);
            } finally {
                driver.quit();
            }
            await().until(() -> handler.closed.size() == 1);
            assertThat(handler.closed.get(0).code()).isEqualTo(4321);
            assertThat(handler.closed.get(0).reason()).isEqualTo("done");
            assertThat(handler.opened.get(0).requestHeaders().get("origin"))
                    .isEqualTo("http://127.0.0.1:" + server.port());
        }
    }
}
