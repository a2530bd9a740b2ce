package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The PROXY protocol header is bounded by its timeout, on by default and whatever the idle timeout (0 here): half a
 * header and then silence is closed, counted as a handshake timeout, and never reaches the handler.
 */
class HandshakeTimeoutTest {

    private final CountingEcho echo = new CountingEcho();

    private GevServer start(Duration headerTimeout) {
        GevServer.Builder builder = GevServer.builder(echo).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(ProxyProtocol.REQUIRED);
        if (headerTimeout != null) {
            builder.proxyHeaderTimeout(headerTimeout);
        }
        GevServer server = builder.build();
        server.start();
        return server;
    }

    @Test
    void halfAV1HeaderThenSilenceIsClosedAtTheHeaderTimeout() throws Exception {
        try (GevServer server = start(Duration.ofMillis(300)); TestClient half = TestClient.connect(server.port());
                TestClient whole = TestClient.connect(server.port())) {
            long start = System.nanoTime();
            half.write("PROXY TCP4 203.0.113.7 10.0");
            whole.write("PROXY TCP4 203.0.113.7 10.0.0.1 1 2\r\nhi");
            assertThat(whole.readString(2)).isEqualTo("hi");
            assertThat(half.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                    Duration.ofSeconds(5));
            await().until(() -> server.stats().handshakeTimeouts() == 1);
            assertThat(server.stats().protocolErrors()).isZero();
            assertThat(echo.connects).as("only the whole header reached the handler").hasValue(1);
            assertThat(whole.channel.isOpen()).isTrue();
        }
    }

    @Test
    void halfAV2HeaderThenSilenceIsClosedAtTheHeaderTimeout() throws Exception {
        byte[] header = ProxyHeaderDecoderTest.v2(0x21, 0x11, ProxyHeaderDecoderTest.inet4Body(new byte[0]));
        try (GevServer server = start(Duration.ofMillis(300)); TestClient half = TestClient.connect(server.port())) {
            half.write(Arrays.copyOf(header, 20)); // the signature, the length, and part of the addresses
            assertThat(half.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            await().until(() -> server.stats().handshakeTimeouts() == 1);
            assertThat(echo.connects).hasValue(0);
        }
    }

    @Test
    void theHeaderTimeoutIsOnByDefault() throws Exception {
        try (GevServer server = start(null); TestClient half = TestClient.connect(server.port())) {
            half.write("PROXY ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(half.awaitEndOfStream(Duration.ofSeconds(20))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the default, 10 s")
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
            assertThat(server.stats().handshakeTimeouts()).isEqualTo(1);
        }
    }
}
