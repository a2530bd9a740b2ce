package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Access lists on real connections from different loopback addresses (Linux answers on all of 127.0.0.0/8): denied
 * and not allowed clients are closed as they are accepted, or once a trusted PROXY header named them, before any
 * handler sees them, and counted.
 */
class AccessListTest {

    private static GevServer start(GevServer.Builder builder) {
        GevServer server = builder.build();
        server.start();
        return server;
    }

    private static GevServer.Builder echo() {
        return GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1);
    }

    private static boolean served(TestClient client) throws Exception {
        client.write("ping");
        ByteBuffer reply = ByteBuffer.allocate(4);
        while (reply.hasRemaining()) {
            int n = client.readSome(reply, TestClient.TIMEOUT);
            if (n <= 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void deniedAndNotAllowedClientsAreClosedAtAcceptAndCounted() throws Exception {
        try (GevServer server = start(echo().allow("127.0.0.0/24").deny("127.0.0.3"));
                TestClient allowed = TestClient.connect("127.0.0.2", server.port());
                TestClient denied = TestClient.connect("127.0.0.3", server.port());
                TestClient outside = TestClient.connect("127.0.1.1", server.port())) {
            assertThat(served(allowed)).isTrue();
            assertThat(denied.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            assertThat(outside.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            await().until(() -> server.stats().connectionsRefused(RefusalReason.ACCESS) == 2);
            assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void ipv6ClientsAreJudgedByIpv6Blocks() throws Exception {
        Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback here");
        try (GevServer denying = start(GevServer.builder((c, x, d) -> d).address("::1", 0).loops(1).deny("::1/128"));
                SocketChannel client = SocketChannel.open(new InetSocketAddress("::1", denying.port()))) {
            assertThat(client.read(ByteBuffer.allocate(1))).as("end of stream").isEqualTo(-1);
            assertThat(denying.stats().connectionsRefused(RefusalReason.ACCESS)).isEqualTo(1);
        }
        try (GevServer allowing = start(GevServer.builder((c, x, d) -> d).address("::1", 0).loops(1)
                .allow("::1").deny("127.0.0.0/8"));
                SocketChannel client = SocketChannel.open(new InetSocketAddress("::1", allowing.port()))) {
            client.write(ByteBuffer.wrap(new byte[] {'6'}));
            ByteBuffer reply = ByteBuffer.allocate(1);
            client.read(reply);
            assertThat(reply.array()).containsExactly('6');
        }
    }

    @Test
    void behindATrustedProxyTheListJudgesTheClientTheHeaderNames() throws Exception {
        CountingEcho handler = new CountingEcho();
        try (GevServer server = start(GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(ProxyProtocol.REQUIRED, "127.0.0.1").allow("198.51.100.0/24", "203.0.113.0/24")
                .deny("203.0.113.0/24"));
                TestClient denied = TestClient.connect("127.0.0.1", server.port());
                TestClient allowed = TestClient.connect("127.0.0.1", server.port())) {
            // the proxy itself (127.0.0.1) is in no allow block: it is the client it names that is judged
            denied.write("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\nping");
            assertThat(denied.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            allowed.write("PROXY TCP4 198.51.100.1 10.0.0.1 51234 1833\r\n");
            assertThat(served(allowed)).isTrue();
            assertThat(server.stats().connectionsRefused(RefusalReason.ACCESS)).isEqualTo(1);
            assertThat(handler.connects).as("the denied client never reached the handler").hasValue(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
        }
    }

    private static boolean hasIpv6Loopback() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet6Address && a.isLoopbackAddress()) {
                    return true;
                }
            }
        }
        return false;
    }
}
