package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.codec.DelimiterProtocol;
import io.gev.codec.LengthFieldProtocol;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** A named server's threads, its log label and its bind failure. */
class ServerNameTest {

    @Test
    void aNamedServersThreadsCarryItsName() throws Exception {
        GevServer server = GevServer.builder((c, x, d) -> d).name("admin").address("127.0.0.1", 0).loops(2).build();
        server.start();
        try (TestClient client = TestClient.connect(server.port())) {
            client.write("hi");
            assertThat(client.readString(2)).isEqualTo("hi");
            assertThat(server.name()).isEqualTo("admin");
            assertThat(LifecycleTest.gevThreads()).extracting(Thread::getName).containsExactlyInAnyOrder(
                    "gev-admin-acceptor", "gev-admin-loop-0", "gev-admin-loop-1", "gev-admin-stall-detector");
        } finally {
            server.stop();
        }
        assertThat(LifecycleTest.gevThreads()).isEmpty();
    }

    @Test
    void aBindFailureNamesTheServerAndTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            GevServer server = GevServer.builder((c, x, d) -> d).name("admin")
                    .address("127.0.0.1", taken.getLocalPort()).build();
            assertThatThrownBy(server::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("gev server 'admin': cannot bind 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasCauseInstanceOf(BindException.class);
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            GevServer unnamed = GevServer.builder((c, x, d) -> d).address("127.0.0.1", taken.getLocalPort()).build();
            assertThatThrownBy(unnamed::start).hasMessageStartingWith("gev server: cannot bind 127.0.0.1:");
        }
        assertThat(LifecycleTest.gevThreads()).isEmpty();
    }

    @Test
    void theLabelNamesTheServerAndItsFraming() {
        Handler echo = (c, x, d) -> d;
        assertThat(new ServerLabel("admin", DelimiterProtocol.lines(100, false), echo))
                .hasToString("gev server 'admin' (line framing)");
        assertThat(new ServerLabel(null, Protocol.raw(), echo)).hasToString("gev server (raw framing)");
        assertThat(new ServerLabel("kv", LengthFieldProtocol.builder().width(2)
                .byteOrder(ByteOrder.LITTLE_ENDIAN).build(), echo))
                .hasToString("gev server 'kv' (length-field 2 byte(s) at 0 LITTLE_ENDIAN framing)");
        assertThat(new ServerLabel("x", DelimiterProtocol.of("||", 100), echo))
                .hasToString("gev server 'x' (delimiter [124, 124] framing)");
        Protocol own = new Protocol() {
            @Override
            public Frame unpack(Connection connection, io.gev.buffer.RingBuffer in) {
                return null;
            }

            @Override
            public byte[] pack(Connection connection, Object message) {
                return null;
            }
        };
        assertThat(new ServerLabel("own", own, echo).toString()).startsWith("gev server 'own' (io.gev.ServerNameTest$");
        assertThat(new ServerLabel("s", Protocol.raw(), (StreamHandler) (c, in, out) -> { }))
                .hasToString("gev server 's' (stream framing)");
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatThrownBy(() -> GevServer.builder((c, x, d) -> d).name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
}
