package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sample's {@code udp} profile (application-udp.yml), as docs/engine.md tells a user to try it: the application
 * serves UDP, its TCP limits set back to their defaults (a UDP server refuses them), and each datagram comes back to
 * its sender.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "gev.port=0", "gev.host=127.0.0.1" })
@ActiveProfiles("udp")
@Timeout(30)
class EchoServerUdpTests {

    @Value("${local.gev.port}")
    int port;

    @Autowired
    GevServers servers;

    @Test
    void echoesEachDatagramToItsSender() throws Exception {
        GevServer server = servers.get(GevServers.DEFAULT);
        assertThat(server.isUdp()).isTrue();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(5_000);
            for (String line : new String[] { "hello\n", "a second datagram" }) {
                byte[] sent = line.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(sent, sent.length, new InetSocketAddress("127.0.0.1", port)));
                DatagramPacket reply = new DatagramPacket(new byte[256], 256);
                socket.receive(reply);
                assertThat(Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(sent);
                assertThat(reply.getPort()).isEqualTo(port);
            }
        }
    }
}
