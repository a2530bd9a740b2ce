package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code gev.unix-socket}: a server on a socket file instead of a TCP port. */
class GevUnixSocketAutoConfigurationTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class)
            .withPropertyValues("gev.loops=1");

    @Test
    void theServerListensOnTheSocketFileAndRemovesItOnClose() {
        Path file = dir.resolve("app.sock");
        runner.withPropertyValues("gev.unix-socket=" + file).run(context -> {
            GevServer server = context.getBean(GevServers.class).get("default");
            assertThat(server.localAddress()).isEqualTo(UnixDomainSocketAddress.of(file));
            assertThat(GevServers.listenAddress(server)).isEqualTo(file.toString());
            assertThat(context.getEnvironment().containsProperty("local.gev.port")).isFalse();
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(file));
                client.write(ByteBuffer.wrap("via unix".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer reply = ByteBuffer.allocate(8);
                while (reply.hasRemaining() && client.read(reply) >= 0) {
                    // until the whole echo is in
                }
                assertThat(new String(reply.array(), StandardCharsets.US_ASCII)).isEqualTo("via unix");
            }
        });
        assertThat(Files.exists(file)).isFalse();
    }
}
