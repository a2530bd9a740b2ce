package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.TestPki;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** {@code gev.ssl.*}: TLS from Spring Boot SSL bundles, checked with real TLS clients. */
class GevSslAutoConfigurationTests {

    private static final TestPki PKI = TestPki.shared();
    private static final TestPki.Identity SERVER = PKI.server("gev-server");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, SslAutoConfiguration.class))
            .withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class)
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    private static String[] pemBundle(String name, TestPki.Identity identity) {
        return new String[] {
                "spring.ssl.bundle.pem." + name + ".keystore.certificate=file:" + identity.certificate(),
                "spring.ssl.bundle.pem." + name + ".keystore.private-key=file:" + identity.privateKey()};
    }

    /** A TLS round trip as {@code client}; returns the server's certificate. */
    static Certificate roundTrip(ApplicationContext context, String server, SSLContext client, String... protocols)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Echo.port(context, server)), 5000);
            socket.setSoTimeout(5000);
            if (protocols.length > 0) {
                socket.setEnabledProtocols(protocols);
            }
            socket.getOutputStream().write("secure".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[6];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("secure");
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void aPemBundleServesTls() {
        runner.withPropertyValues(pemBundle("gev", SERVER)).withPropertyValues("gev.ssl.bundle=gev").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(GevServers.class).get("default").isTls()).isTrue();
            assertThat(roundTrip(context, "", PKI.clientContext())).isEqualTo(SERVER.x509());
        });
    }

    @Test
    void aJksBundleServesTls() {
        runner.withPropertyValues("spring.ssl.bundle.jks.store.keystore.location=file:" + SERVER.keyStore(),
                "spring.ssl.bundle.jks.store.keystore.password=" + TestPki.PASSWORD,
                "spring.ssl.bundle.jks.store.keystore.type=PKCS12", "gev.ssl.bundle=store").run(context ->
                assertThat(roundTrip(context, "", PKI.clientContext())).isEqualTo(SERVER.x509()));
    }

    @Test
    void withoutABundleTheServerIsPlain() {
        runner.withPropertyValues(pemBundle("gev", SERVER)).run(context -> {
            assertThat(context.getBean(GevServers.class).get("default").isTls()).isFalse();
            assertThat(Echo.roundTrip(Echo.port(context, ""), "plain")).isEqualTo("plain");
        });
    }

    @Test
    void theBundlesProtocolsAndCiphersApply() {
        runner.withPropertyValues(pemBundle("gev", SERVER)).withPropertyValues("gev.ssl.bundle=gev",
                "spring.ssl.bundle.pem.gev.options.enabled-protocols=TLSv1.2",
                "spring.ssl.bundle.pem.gev.options.ciphers=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").run(context -> {
                    assertThat(roundTrip(context, "", PKI.clientContext(), "TLSv1.2", "TLSv1.3")).isNotNull();
                    assertThatThrownBy(() -> roundTrip(context, "", PKI.clientContext(), "TLSv1.3"))
                            .isInstanceOf(IOException.class);
                    try (SSLSocket socket = (SSLSocket) PKI.clientContext().getSocketFactory()
                            .createSocket("127.0.0.1", Echo.port(context, ""))) {
                        socket.startHandshake();
                        assertThat(socket.getSession().getCipherSuite())
                                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
                    }
                });
    }

    @Test
    void clientAuthNeedChecksTheClientAgainstTheBundlesTrust() {
        runner.withPropertyValues(pemBundle("gev", SERVER)).withPropertyValues("gev.ssl.bundle=gev",
                "spring.ssl.bundle.pem.gev.truststore.certificate=file:" + PKI.caCertificate(),
                "gev.ssl.client-auth=need").run(context -> {
                    assertThat(roundTrip(context, "", PKI.context(PKI.client("alice")))).isEqualTo(SERVER.x509());
                    assertThatThrownBy(() -> roundTrip(context, "", PKI.clientContext()))
                            .isInstanceOf(IOException.class);
                    GevServer server = context.getBean(GevServers.class).get("default");
                    await().until(() -> server.stats().tlsErrors() == 1);
                });
    }

    @Test
    void aNamedServerHasItsOwnBundle() {
        runner.withUserConfiguration(GevAutoConfigurationTests.AdminHandler.class)
                .withPropertyValues(pemBundle("admin-tls", SERVER))
                .withPropertyValues("gev.servers.admin.port=0", "gev.servers.admin.ssl.bundle=admin-tls")
                .run(context -> {
                    GevServers servers = context.getBean(GevServers.class);
                    assertThat(servers.get("admin").isTls()).isTrue();
                    assertThat(servers.get("default").isTls()).isFalse();
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "plain")).isEqualTo("plain");
                    try (SSLSocket socket = (SSLSocket) PKI.clientContext().getSocketFactory()
                            .createSocket("127.0.0.1", Echo.port(context, "admin"))) {
                        socket.setSoTimeout(5000);
                        socket.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                        byte[] reply = new byte[7];
                        new DataInputStream(socket.getInputStream()).readFully(reply);
                        assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("admin:x");
                    }
                });
    }

    @Test
    void aMissingBundleFailsStartupNamingTheProperty() {
        runner.withPropertyValues("gev.ssl.bundle=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("gev.ssl.bundle names nope");
        });
    }

    @Test
    void aHandshakeTimeoutMustBePositive() {
        Refusals.failsNaming(runner.withPropertyValues(pemBundle("gev", SERVER))
                        .withPropertyValues("gev.ssl.bundle=gev", "gev.ssl.handshake-timeout=0s"),
                "gev.ssl.handshake-timeout", "PT0S", "handshakeTimeout must be positive: PT0S");
    }

    @Test
    void renewedCertificateFilesReachNewConnectionsWithoutARestart(@TempDir Path dir) throws Exception {
        TestPki.Identity renewed = PKI.server("gev-server-renewed");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.copy(SERVER.certificate(), cert);
        Files.copy(SERVER.privateKey(), key);
        runner.withPropertyValues("spring.ssl.bundle.pem.gev.keystore.certificate=file:" + cert,
                "spring.ssl.bundle.pem.gev.keystore.private-key=file:" + key,
                "spring.ssl.bundle.pem.gev.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=100ms",
                "gev.ssl.bundle=gev").run(context -> {
                    assertThat(roundTrip(context, "", PKI.clientContext())).isEqualTo(SERVER.x509());
                    // a renewal as cert-manager or certbot does it: the new files replace the old ones
                    Path newCert = dir.resolve("tls.crt.new");
                    Path newKey = dir.resolve("tls.key.new");
                    Files.copy(renewed.certificate(), newCert);
                    Files.copy(renewed.privateKey(), newKey);
                    Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                            assertThat(roundTrip(context, "", PKI.clientContext())).isEqualTo(renewed.x509()));
                });
    }
}
