package io.gev.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key material of the TLS benchmarks: one PKCS#12 key store (made once per run by {@code run.sh} with
 * {@code keytool}: an EC P-256 key and its self-signed certificate) that every server loads the same way, and the
 * client trust that accepts exactly its certificate. Every server's and client's context comes from the JDK's default
 * providers, so gev and Netty run the same JSSE engine with the same key.
 *
 * <p>The tools name it with {@code --tls FILE --tls-password PASSWORD}.
 */
public final class TlsKeys {

    private final KeyStore store;
    private final char[] password;

    private TlsKeys(KeyStore store, char[] password) {
        this.store = store;
        this.password = password;
    }

    /** Loads a PKCS#12 key store that holds one private key and its certificate. */
    public static TlsKeys load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return new TlsKeys(store, password.toCharArray());
    }

    /**
     * The options' key store, or null when {@code --tls} is not given (plain TCP).
     *
     * @throws IllegalArgumentException when {@code --tls} comes without {@code --tls-password}
     */
    public static TlsKeys fromOptions(Arguments options) throws IOException, GeneralSecurityException {
        String file = options.get("tls", "");
        if (file.isEmpty()) {
            return null;
        }
        String password = options.get("tls-password", null);
        if (password == null) {
            throw new IllegalArgumentException("--tls needs --tls-password");
        }
        return load(Path.of(file), password);
    }

    /** The JDK's default key manager factory over the store: what both servers' engines take their key from. */
    public KeyManagerFactory keyManagerFactory() throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /** A server context ({@code SSLContext.getInstance("TLS")}) with the store's key and no client trust. */
    public SSLContext serverContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagerFactory().getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts the store's certificates and nothing else, and presents no certificate. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (certificate != null) {
                trust.setCertificateEntry(alias, certificate);
            }
        }
        if (trust.size() == 0) {
            throw new GeneralSecurityException("the key store holds no certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
