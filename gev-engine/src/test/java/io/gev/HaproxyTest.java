package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy (Debian package {@code haproxy}) in front of gev with {@code send-proxy} and {@code send-proxy-v2}, health
 * checks on: the handler sees each client's own address and port, and the checks' LOCAL headers are accepted.
 */
class HaproxyTest {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;
    private Process haproxy;

    @AfterEach
    void stopHaproxy() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
    }

    @Test
    void theHandlerSeesTheRealClientThroughHaproxyV1AndV2() throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed (apt-get install haproxy)");
        ProxyProtocolServerTest.AddressEcho handler = new ProxyProtocolServerTest.AddressEcho();
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(ProxyProtocol.REQUIRED, "127.0.0.0/8").build();
        server.start();
        try (server) {
            int v1Port = freePort();
            int v2Port = freePort();
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, String.join("\n",
                    "defaults",
                    "    mode tcp",
                    "    timeout connect 2s",
                    "    timeout client 10s",
                    "    timeout server 10s",
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
                            + " send-proxy-v2 proxy-v2-options crc32c,unique-id check inter 100ms",
                    ""));
            haproxy = new ProcessBuilder(HAPROXY.toString(), "-f", config.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(v1Port) && listening(v2Port));

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
            assertThat(server.stats().protocolErrors()).as("refused headers; haproxy log:%n%s",
                    Files.readString(dir.resolve("haproxy.log"))).isZero();
            System.out.printf("haproxy: v1 and v2 clients seen with their own address; %d health checks accepted%n",
                    server.stats().connectionsAccepted() - 2);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
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
