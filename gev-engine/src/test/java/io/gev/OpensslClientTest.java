package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gev's TLS against {@code openssl s_client} (Debian package {@code openssl}): the versions accepted and refused,
 * mutual TLS, and a certificate replaced while the server runs.
 */
class OpensslClientTest {

    private static final TestPki PKI = TlsServerTest.PKI;

    @BeforeAll
    static void needsOpenssl() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "openssl is not installed (apt-get install openssl)");
    }

    /** What one s_client run printed. */
    record Run(int exit, String stdout, String stderr) {
        boolean echoed(String line) {
            return stdout.contains(line);
        }
    }

    /**
     * Connects with s_client and the given options, sends {@code line}, waits (at most 10 s) for it to come back, then
     * ends the input so that s_client closes; {@code -brief} prints the protocol and the peer on stderr.
     */
    static Run sClient(int port, String line, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-CAfile", PKI.caCertificate().toString(), "-verify_return_error",
                "-brief"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = drain(p.getErrorStream(), stderr);
        try (OutputStream in = p.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            InputStream out = p.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            byte[] buf = new byte[4096];
            while (!stdout.toString(StandardCharsets.US_ASCII).contains(line) && System.nanoTime() < deadline) {
                if (out.available() > 0) {
                    stdout.write(buf, 0, out.read(buf));
                } else if (!p.isAlive()) {
                    break;
                } else {
                    Thread.sleep(10);
                }
            }
        } catch (IOException e) {
            // s_client is gone already (a failed handshake): its output says why
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        stdout.write(p.getInputStream().readAllBytes());
        errors.join(5_000);
        return new Run(p.exitValue(), stdout.toString(StandardCharsets.US_ASCII),
                stderr.toString(StandardCharsets.US_ASCII));
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    private static GevServer start(TlsOptions.Builder options) {
        GevServer server = TlsServerTest.tlsServer((c, x, d) -> d, options).build();
        server.start();
        return server;
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    void acceptsTls13And12(String flag, String protocol) throws Exception {
        try (GevServer server = start(TlsServerTest.options())) {
            Run run = sClient(server.port(), "hello from openssl", flag);
            assertThat(run.echoed("hello from openssl")).as(run.toString()).isTrue();
            assertThat(run.stderr()).contains("Protocol version: " + protocol).contains("Verification: OK");
            assertThat(server.stats().tlsHandshakes()).isEqualTo(1);
        }
    }

    @Test
    void refusesTls11() throws Exception {
        try (GevServer server = start(TlsServerTest.options())) {
            // SECLEVEL=0 lets this openssl offer TLS 1.1 at all; the refusal must come from gev
            Run run = sClient(server.port(), "old", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(run.echoed("old")).isFalse();
            assertThat(run.exit()).isNotZero();
            assertThat(run.stderr()).containsIgnoringCase("protocol version");
            await().until(() -> server.stats().tlsErrors() == 1);
            assertThat(server.stats().tlsHandshakes()).isZero();
        }
    }

    @Test
    void mutualTlsWithAndWithoutAClientCertificate() throws Exception {
        TestPki.Identity alice = PKI.client("alice");
        try (GevServer server = start(TlsServerTest.options().clientAuth(ClientAuth.NEED))) {
            Run with = sClient(server.port(), "alice here", "-cert", alice.certificate().toString(), "-key",
                    alice.privateKey().toString());
            assertThat(with.echoed("alice here")).as(with.toString()).isTrue();

            Run without = sClient(server.port(), "anonymous");
            assertThat(without.echoed("anonymous")).isFalse();
            // the alert gev's engine sends for a missing certificate (openssl names it "bad certificate")
            assertThat(without.stderr()).containsPattern("alert (bad certificate|certificate required)");
            await().until(() -> server.stats().tlsErrors() == 1);
            assertThat(server.stats().tlsHandshakes()).isEqualTo(1);
        }
    }

    @Test
    void aReplacedCertificateIsWhatNewConnectionsGet() throws Exception {
        TestPki.Identity renewed = PKI.server("gev-server-rotated");
        try (GevServer server = start(TlsServerTest.options())) {
            Run before = sClient(server.port(), "first");
            assertThat(before.stderr()).contains("CN = gev-server\n");
            server.updateSslContext(PKI.context(renewed));
            Run after = sClient(server.port(), "second");
            assertThat(after.echoed("second")).as(after.toString()).isTrue();
            assertThat(after.stderr()).contains("CN = gev-server-rotated");
        }
    }
}
