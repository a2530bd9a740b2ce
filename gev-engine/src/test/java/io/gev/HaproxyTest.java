package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy (Debian package {@code haproxy}) in front of gev with {@code send-proxy} and {@code send-proxy-v2}, health
 * checks on: the handler sees each client's own address and port, and the checks' LOCAL headers are accepted.
 */
class HaproxyTest {

    @TempDir
    Path dir;

    @Test
    void theHandlerSeesTheRealClientThroughHaproxyV1AndV2() throws Exception {
        assumeTrue(Haproxy.installed(), "haproxy is not installed (apt-get install haproxy)");
        ProxyProtocolServerTest.AddressEcho handler = new ProxyProtocolServerTest.AddressEcho();
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(ProxyProtocol.REQUIRED, "127.0.0.0/8").build();
        server.start();
        int v1Port = Haproxy.freePort();
        int v2Port = Haproxy.freePort();
        try (server; Haproxy haproxy = Haproxy.start(dir, List.of(v1Port, v2Port),
                "frontend v1",
                "    bind 127.0.0.1:" + v1Port,
                "    default_backend gev_v1",
                "frontend v2",
                "    bind 127.0.0.1:" + v2Port,
                "    default_backend gev_v2",
                "backend gev_v1",
                "    server gev 127.0.0.1:" + server.port() + " send-proxy",
                "backend gev_v2",
                "    server gev 127.0.0.1:" + server.port()
                        + " send-proxy-v2 proxy-v2-options crc32c,unique-id check inter 100ms")) {
            for (int port : new int[] { v1Port, v2Port }) {
                try (Socket client = new Socket("127.0.0.1", port)) {
                    client.setSoTimeout(10_000);
                    client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    String line = readLine(client);
                    String me = "127.0.0.1:" + client.getLocalPort();
                    assertThat(line).as("through haproxy on %d", port)
                            .isEqualTo(me + " -> 127.0.0.1:" + port + " said hello");
                }
            }
            // health checks keep coming with LOCAL headers, and none is refused
            long accepted = server.stats().connectionsAccepted();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsAccepted() >= accepted + 5);
            assertThat(server.stats().protocolErrors()).as("refused headers; haproxy log:%n%s", haproxy.log())
                    .isZero();
            System.out.printf("haproxy: v1 and v2 clients seen with their own address; %d health checks accepted%n",
                    server.stats().connectionsAccepted() - 2);
        }
    }

    private static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
