package io.gev.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.AotSampleJar;
import io.gev.GevServer;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy out of file descriptors (its jar under {@code ulimit -n}, flooded with clients): its health checks and
 * connects fail on its own side, which is counted as such and held against no upstream; once the clients leave, the
 * upstream was never taken out and a new client is relayed at once.
 */
@Timeout(180)
class FdExhaustionIT {

    private static final int FD_LIMIT = 400;
    private static final int FALL = 3;
    private static final String NO_CHECK = "no health check made (no socket could be had here";
    private static final String TAKEN_OUT = " is down: ";
    private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @Test
    void outOfDescriptorsNoUpstreamIsBlamedAndClientsAreServedOnceTheyAreFree() throws Exception {
        GevServer echo = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1).build();
        echo.start();
        List<Socket> flood = new ArrayList<>();
        try (echo; AotSampleJar proxy = AotSampleJar.startUnderFdLimit(FD_LIMIT,
                "--proxy.upstreams=127.0.0.1:" + echo.port(), "--proxy.health.interval=100ms",
                "--proxy.health.fall=" + FALL, "--server.port=0", "--server.address=127.0.0.1",
                "--logging.level.io.gev.samples.proxy.HealthChecks=debug")) {
            for (int i = 0; i < FD_LIMIT; i++) { // twice what it can hold: each client needs an upstream connection
                flood.add(new Socket("127.0.0.1", proxy.port()));
            }
            // as many checks as take an upstream out made while out of descriptors, or the upstream taken out
            await("health checks the proxy could not make").atMost(Duration.ofSeconds(60))
                    .until(() -> count(proxy.output(), NO_CHECK) >= FALL || proxy.output().contains(TAKEN_OUT));
            for (Socket client : flood) {
                client.close();
            }
            int http = httpPort(proxy.output());
            await("the proxy's endpoint answering again").atMost(Duration.ofSeconds(60))
                    .ignoreExceptions().until(() -> proxyEndpoint(http).contains("\"localConnectFailures\""));
            String state = proxyEndpoint(http);
            assertThat(state).contains("\"state\":\"UP\"", "\"connectFailures\":0", "\"checkFailures\":0")
                    .doesNotContain("\"localConnectFailures\":0,", "\"localConnectFailures\":1,",
                            "\"localConnectFailures\":2,");
            assertThat(proxy.output()).doesNotContain(TAKEN_OUT);
            try (Socket client = new Socket("127.0.0.1", proxy.port())) {
                client.setSoTimeout(10_000);
                byte[] ping = "served again".getBytes(StandardCharsets.US_ASCII);
                client.getOutputStream().write(ping);
                byte[] back = new byte[ping.length];
                new DataInputStream(client.getInputStream()).readFully(back);
                assertThat(back).isEqualTo(ping);
            }
        } finally {
            for (Socket client : flood) {
                client.close();
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static int httpPort(String output) {
        Matcher m = HTTP_PORT.matcher(output);
        assertThat(m.find()).as("Tomcat's port in:%n%s", output).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String proxyEndpoint(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/proxy")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
