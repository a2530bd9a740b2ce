package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.TestPki;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample over TLS exactly as docs/operations.md, "TLS", runs it: the jar's own configuration plus a PEM bundle
 * given on the command line and {@code gev.ssl.bundle}.
 */
@SpringBootTest(properties = {"gev.port=0", "gev.host=127.0.0.1", "server.port=0", "gev.ssl.bundle=gev"})
@Timeout(60)
class EchoServerTlsTests {

    private static final TestPki PKI = TestPki.shared();
    private static final TestPki.Identity SERVER = PKI.server("echo-server");

    @DynamicPropertySource
    static void bundle(DynamicPropertyRegistry registry) {
        registry.add("spring.ssl.bundle.pem.gev.keystore.certificate", () -> "file:" + SERVER.certificate());
        registry.add("spring.ssl.bundle.pem.gev.keystore.private-key", () -> "file:" + SERVER.privateKey());
    }

    @Value("${local.gev.port}")
    int gevPort;

    @Test
    void echoesOverTlsWithTheBundlesCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) PKI.clientContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", gevPort), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[15];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("hello over tls\n");
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(SERVER.x509());
        }
    }
}
