package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.exchange;
import static io.gev.samples.proxy.ProxyFixture.port;
import static io.gev.samples.proxy.ProxyFixture.upstreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gev.GevServer;
import io.gev.Haproxy;
import io.gev.spring.autoconfigure.GevServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code proxy.send-proxy: v2} towards a gev upstream that requires PROXY headers and answers with the client address
 * it was told: directly, and with HAProxy (Debian package {@code haproxy}) in front of the proxy sending its own v2
 * header, which the proxy reads ({@code gev.proxy-protocol}) and passes on.
 */
class ProxyProtocolTests {

    @RegisterExtension
    final ProxyFixture fixture = new ProxyFixture();
    @TempDir
    Path dir;

    @Test
    void theUpstreamSeesTheClientAndTheHealthChecksAsLocal() throws Exception {
        GevServer upstream = fixture.addressEcho();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--proxy.send-proxy=v2",
                "--proxy.health.interval=50ms");
        try (Socket client = fixture.client(port(proxy))) {
            assertThat(exchange(client, "who am I?")).isEqualTo("127.0.0.1:" + client.getLocalPort());
            assertThat(exchange(client, "and now?")).isEqualTo("127.0.0.1:" + client.getLocalPort());
        }
        // health checks connect with a LOCAL header and close: the upstream accepts them, and refuses none
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.stats().connectionsAccepted() >= 4);
        assertThat(upstream.stats().protocolErrors()).isZero();
        assertThat(proxy.getBean(Upstreams.class).all().get(0).isUp()).isTrue();
    }

    @Test
    void anIpv6ClientIsNamedAsSuchToAnIpv4Upstream() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback (::1) on this machine");
        GevServer upstream = fixture.addressEcho();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--proxy.send-proxy=v2",
                "--gev.host=::1", "--proxy.health.interval=1h");
        try (Socket client = new Socket(InetAddress.getByName("::1"), port(proxy))) {
            client.setSoTimeout(10_000);
            assertThat(exchange(client, "who am I?")).isEqualTo(ProxyFixture.text(client.getLocalSocketAddress()))
                    .startsWith("0:0:0:0:0:0:0:1:");
        }
    }

    @Test
    void withoutSendProxyTheUpstreamRefusesTheProxy() throws Exception {
        GevServer upstream = fixture.addressEcho();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--proxy.health.interval=1h");
        assertThat(fixture.ask(port(proxy), "who am I?")).as("closed by the upstream").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.stats().protocolErrors() == 1);
    }

    @Test
    void haproxyInFrontTheUpstreamSeesHaproxysClient() throws Exception {
        assumeTrue(Haproxy.installed(), "haproxy is not installed (apt-get install haproxy)");
        GevServer upstream = fixture.addressEcho();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--proxy.send-proxy=v2",
                "--gev.proxy-protocol=required", "--gev.trusted-proxies=127.0.0.1");
        int front = Haproxy.freePort();
        try (Haproxy haproxy = Haproxy.start(dir, List.of(front),
                "frontend front",
                "    bind 127.0.0.1:" + front,
                "    default_backend gev_proxy",
                "backend gev_proxy",
                "    server proxy 127.0.0.1:" + port(proxy) + " send-proxy-v2 check inter 100ms")) {
            for (int i = 0; i < 3; i++) {
                try (Socket client = fixture.client(front)) {
                    assertThat(exchange(client, "who am I?")).as("through haproxy and the proxy")
                            .isEqualTo("127.0.0.1:" + client.getLocalPort());
                }
            }
            // haproxy's own checks (LOCAL headers) reach the proxy and are relayed as clients of haproxy's address
            GevServer proxyServer = proxy.getBean(GevServers.class).get(GevServers.DEFAULT);
            await().atMost(Duration.ofSeconds(10)).until(() -> proxyServer.stats().connectionsAccepted() >= 3 + 3);
            assertThat(proxyServer.stats().protocolErrors()).as("refused headers; haproxy log:%n%s", haproxy.log())
                    .isZero();
            assertThat(upstream.stats().protocolErrors()).isZero();
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
