package io.gev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority for TLS tests, made with the JDK's own {@code keytool} (so it needs nothing but a
 * JDK): a CA, server certificates for {@code localhost} and {@code 127.0.0.1} signed by it, client certificates
 * signed by it, and a self-signed client the CA does not know. Each identity is a PKCS#12 key store plus PEM files
 * (certificate chain and PKCS#8 key) for tools and Spring Boot's PEM bundles. Keys are EC P-256, valid for two days.
 */
public final class TestPki {

    /** Password of every key store. */
    public static final String PASSWORD = "changeit";

    private static TestPki shared;

    private final Path dir;
    private final Path caStore;
    private final Path caPem;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.crt");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=gev test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file", caPem.toString());
    }

    /** The PKI of this test JVM, made on first use. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("gev-pki");
                dir.toFile().deleteOnExit();
                shared = new TestPki(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The CA's certificate (PEM): what clients trust. */
    public Path caCertificate() {
        return caPem;
    }

    /** A server identity named {@code name}, for {@code localhost} and {@code 127.0.0.1}, signed by the CA. */
    public Identity server(String name) {
        return issue(name, "CN=" + name, "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth", true);
    }

    /** A client identity named {@code name}, signed by the CA. */
    public Identity client(String name) {
        return issue(name, "CN=" + name, null, "eku=clientAuth", true);
    }

    /** A self-signed client identity that the CA never signed. */
    public Identity stranger(String name) {
        return issue(name, "CN=" + name, null, "eku=clientAuth", false);
    }

    private synchronized Identity issue(String name, String dname, String san, String eku, boolean signed) {
        Path store = dir.resolve(name + ".p12");
        if (Files.exists(store)) {
            return identity(name, store);
        }
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store.toString());
        if (signed) {
            Path csr = dir.resolve(name + ".csr");
            Path signedCert = dir.resolve(name + ".signed.crt");
            keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
            List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                    caStore.toString(), "-infile", csr.toString(), "-outfile", signedCert.toString(), "-validity", "2",
                    "-ext", eku));
            if (san != null) {
                gencert.addAll(List.of("-ext", san));
            }
            keytool(gencert.toArray(String[]::new));
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                    store.toString());
            keytool("-importcert", "-noprompt", "-alias", name, "-file", signedCert.toString(), "-keystore",
                    store.toString());
        }
        return identity(name, store);
    }

    private Identity identity(String name, Path store) {
        Path certPem = dir.resolve(name + ".crt");
        Path keyPem = dir.resolve(name + ".key");
        try {
            KeyStore ks = load(store);
            if (!Files.exists(certPem)) {
                StringBuilder chain = new StringBuilder();
                for (java.security.cert.Certificate c : ks.getCertificateChain(name)) {
                    chain.append(pem("CERTIFICATE", c.getEncoded()));
                }
                Files.writeString(certPem, chain);
                PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
                Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            }
            return new Identity(name, store, certPem, keyPem, (X509Certificate) ks.getCertificate(name));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + store, e);
        }
    }

    /** A client context that trusts the CA and presents no certificate. */
    public SSLContext clientContext() {
        return context(null);
    }

    /** A context that presents {@code identity} and trusts the CA: a server's, or a client's under mutual TLS. */
    public SSLContext context(Identity identity) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", load(caStore).getCertificate("ca"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (identity != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(identity.keyStore()), PASSWORD.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSL context", e);
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-storetype", "PKCS12"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key pair and its certificate.
     *
     * @param name        the alias and common name
     * @param keyStore    PKCS#12 store with the key, its chain and the CA ({@link #PASSWORD})
     * @param certificate PEM certificate chain, the identity's first
     * @param privateKey  PEM PKCS#8 private key
     * @param x509        the identity's certificate
     */
    public record Identity(String name, Path keyStore, Path certificate, Path privateKey, X509Certificate x509) {
    }
}
