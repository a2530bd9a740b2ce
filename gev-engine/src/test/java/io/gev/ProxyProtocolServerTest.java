package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** PROXY protocol headers on real connections: what the handler sees, and what is refused. */
class ProxyProtocolServerTest {

    /** Answers every message with the peer and local address the connection reports. */
    static final class AddressEcho implements Handler {
        final List<Object> connectedFrom = new CopyOnWriteArrayList<>();

        @Override
        public void onConnect(Connection c) {
            connectedFrom.add(c.peerAddress());
        }

        @Override
        public Object onMessage(Connection c, Object ctx, byte[] data) {
            return text(c.peerAddress()) + " -> " + text(c.localAddress()) + " said " + new String(data,
                    StandardCharsets.US_ASCII) + "\n";
        }

        static String text(Object address) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
    }

    private static GevServer start(AddressEcho handler, ProxyProtocol mode, String... trusted) {
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(mode, trusted).build();
        server.start();
        return server;
    }

    private static String readLine(TestClient client) throws Exception {
        StringBuilder line = new StringBuilder();
        while (true) {
            char c = (char) client.readExactly(1)[0];
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
    }

    @Test
    void theHandlerSeesTheClientTheHeaderNamesFromItsFirstCallback() throws Exception {
        AddressEcho handler = new AddressEcho();
        try (GevServer server = start(handler, ProxyProtocol.REQUIRED); TestClient v1 = TestClient.connect(server.port());
                TestClient v2 = TestClient.connect(server.port())) {
            v1.write("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\nhi");
            assertThat(readLine(v1)).isEqualTo("203.0.113.7:51234 -> 10.0.0.1:1833 said hi");
            v2.write(ProxyHeaderDecoderTest.v2(0x21, 0x11, ProxyHeaderDecoderTest.inet4Body(new byte[0])));
            v2.write("yo");
            assertThat(readLine(v2)).isEqualTo("203.0.113.7:51234 -> 10.0.0.1:1833 said yo");
            assertThat(handler.connectedFrom).containsOnly(new InetSocketAddress("203.0.113.7", 51234));
            assertThat(server.stats().protocolErrors()).isZero();
        }
    }

    @Test
    void aMissingOrMalformedRequiredHeaderClosesOnlyThatConnectionUnannounced() throws Exception {
        AddressEcho handler = new AddressEcho();
        try (GevServer server = start(handler, ProxyProtocol.REQUIRED); TestClient bare = TestClient.connect(server.port());
                TestClient bad = TestClient.connect(server.port()); TestClient good = TestClient.connect(server.port())) {
            bare.write("hello");
            assertThat(bare.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            bad.write("PROXY TCP4 999.1.1.1 10.0.0.1 1 2\r\n");
            assertThat(bad.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            good.write("PROXY UNKNOWN\r\nok");
            assertThat(readLine(good)).startsWith("127.0.0.1:").endsWith(" said ok");
            assertThat(server.stats().protocolErrors()).isEqualTo(2);
            assertThat(handler.connectedFrom).hasSize(1);
        }
    }

    @Test
    void anOptionalHeaderMayBeLeftOut() throws Exception {
        AddressEcho handler = new AddressEcho();
        try (GevServer server = start(handler, ProxyProtocol.OPTIONAL); TestClient plain = TestClient.connect(server.port());
                TestClient proxied = TestClient.connect(server.port())) {
            plain.write("plain");
            assertThat(readLine(plain)).startsWith("127.0.0.1:").endsWith(" said plain");
            proxied.write("PROXY TCP6 2001:db8::7 ::1 4000 80\r\nv6");
            assertThat(readLine(proxied)).isEqualTo("2001:db8:0:0:0:0:0:7:4000 -> 0:0:0:0:0:0:0:1:80 said v6");
        }
    }

    @Test
    void aHeaderFromAnUntrustedSourceIsNotBelieved() throws Exception {
        AddressEcho handler = new AddressEcho();
        try (GevServer server = start(handler, ProxyProtocol.REQUIRED, "10.0.0.0/8");
                TestClient client = TestClient.connect(server.port())) {
            client.write("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\nhi");
            assertThat(client.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            await().until(() -> server.stats().protocolErrors() == 1);
            assertThat(handler.connectedFrom).isEmpty();
        }
        try (GevServer server = start(handler, ProxyProtocol.OPTIONAL, "10.0.0.0/8");
                TestClient client = TestClient.connect(server.port())) {
            client.write("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833 (no CRLF: one line of data)");
            assertThat(readLine(client)).startsWith("127.0.0.1:").contains(" said PROXY TCP4 203.0.113.7");
        }
    }

    @Test
    void addressesThatAreNotLiteralsAreMalformedAndNothingIsEverLookedUp() throws Exception {
        AddressEcho handler = new AddressEcho();
        try (NameLookups lookups = NameLookups.record()) {
            Assumptions.assumeTrue(lookups != null, "no security manager on this JDK to watch lookups with");
            try (GevServer server = start(handler, ProxyProtocol.REQUIRED, "127.0.0.0/8")) {
                for (String header : List.of("PROXY TCP6 .1:2 ::1 1 2\r\n", "PROXY TCP4 localhost 10.0.0.1 1 2\r\n",
                        "PROXY TCP6 example.com ::1 1 2\r\n", "PROXY TCP4 1.2.3 10.0.0.1 1 2\r\n")) {
                    try (TestClient hostile = TestClient.connect(server.port())) {
                        hostile.write(header);
                        assertThat(hostile.awaitEndOfStream(TestClient.TIMEOUT)).as(header).isTrue();
                    }
                }
                await().until(() -> server.stats().protocolErrors() == 4);
                try (TestClient good = TestClient.connect(server.port())) {
                    good.write("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\nhi");
                    assertThat(readLine(good)).isEqualTo("203.0.113.7:51234 -> 10.0.0.1:1833 said hi");
                    assertThat(server.connections(10)).extracting(ConnectionInfo::peerAddress)
                            .containsExactly(new InetSocketAddress(IpLiterals.parse("203.0.113.7"), 51234));
                }
            }
            assertThat(lookups.names()).as("names the JVM was asked to resolve").isEmpty();
        }
        assertThat(handler.connectedFrom).hasSize(1);
    }
}
