package io.gev;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.codec.DelimiterProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link GevServer#settings()}: what the server was built with, after every setter, by the builder's names. */
class ServerSettingsTest {

    @Test
    void aTcpServerShowsItsFramingLimitsAndTimeouts() {
        GevServer server = GevServer.builder((c, x, d) -> d).protocol(DelimiterProtocol.lines(4096, false))
                .loops(3).idleTimeout(Duration.ofMinutes(5)).maxConnections(100).maxConnectionsPerIp(7)
                .writeBufferWatermark(1024, 4096).maxOutboundBytes(8192, OverflowPolicy.PAUSE_READ)
                .proxyProtocol(ProxyProtocol.OPTIONAL).shutdownTimeout(Duration.ofSeconds(3)).build();
        assertThat(server.settings())
                .containsEntry("framing", "line").containsEntry("loops", 3).containsEntry("tls", false)
                .containsEntry("idleTimeout", "PT5M").containsEntry("partialFrameTimeout", "PT30S")
                .containsEntry("maxConnections", 100).containsEntry("maxConnectionsPerIp", 7)
                .containsEntry("writeBufferLowWatermark", 1024).containsEntry("writeBufferHighWatermark", 4096)
                .containsEntry("maxOutboundBytes", 8192).containsEntry("outboundOverflow", "pause-read")
                .containsEntry("proxyProtocol", "optional").containsEntry("shutdownTimeout", "PT3S")
                .containsEntry("stallThreshold", "PT2S").doesNotContainKey("maxDatagramSize");
    }

    @Test
    void aUdpServerShowsItsDatagramLimit() {
        GevServer server = GevServer.udpBuilder((c, x, d) -> d).address(new InetSocketAddress("127.0.0.1", 0))
                .maxDatagramSize(1200).loops(1).build();
        assertThat(server.settings()).containsEntry("framing", "raw").containsEntry("maxDatagramSize", 1200)
                .containsEntry("loops", 1).doesNotContainKey("idleTimeout");
    }
}
