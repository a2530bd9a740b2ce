package io.gev;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TLS for a server's connections: the {@link SSLContext} holding the key material, and how every connection's
 * handshake uses it. Built once and immutable; certificates are replaced at run time with
 * {@link GevServer#updateSslContext(SSLContext)}.
 *
 * <pre>{@code
 * GevServer.builder(handler)
 *         .tls(TlsOptions.builder(sslContext).clientAuth(ClientAuth.NEED).build())
 *         .build();
 * }</pre>
 *
 * <p>Thread safe.
 */
public final class TlsOptions {

    /** The protocols enabled unless others are given: TLS 1.3 and 1.2, never anything older. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext sslContext;
    private final ClientAuth clientAuth;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final Duration handshakeTimeout;

    private TlsOptions(Builder b) {
        this.sslContext = b.sslContext;
        this.clientAuth = b.clientAuth;
        this.protocols = b.protocols;
        this.cipherSuites = b.cipherSuites;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** Starts options for TLS with the keys and trust of {@code sslContext}. Thread safe. */
    public static Builder builder(SSLContext sslContext) {
        return new Builder(sslContext);
    }

    /** The context new connections start with. Thread safe. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Whether clients are asked for a certificate. Thread safe. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The enabled protocol versions, most preferred first. Thread safe. */
    public List<String> protocols() {
        return protocols;
    }

    /** The enabled cipher suites, or empty for the context's defaults. Thread safe. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Longest a handshake may take before the connection is closed. Thread safe. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * The parameters every connection's engine gets from {@code context}: these options on top of its defaults.
     *
     * @throws IllegalArgumentException when {@code context} supports none of the protocols, or not a cipher suite
     */
    SSLParameters parametersFor(SSLContext context) {
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters params = context.getDefaultSSLParameters();
        List<String> enabled = protocols.stream().filter(Set.of(supported.getProtocols())::contains).toList();
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("TLS: the context supports none of the protocols " + protocols
                    + " (it supports " + Arrays.toString(supported.getProtocols()) + ")");
        }
        params.setProtocols(enabled.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            Set<String> known = Set.of(supported.getCipherSuites());
            for (String suite : cipherSuites) {
                if (!known.contains(suite)) {
                    throw new IllegalArgumentException("TLS: cipher suite " + suite + " is not supported");
                }
            }
            params.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        params.setUseCipherSuitesOrder(true);
        params.setNeedClientAuth(clientAuth == ClientAuth.NEED);
        if (clientAuth == ClientAuth.WANT) {
            params.setWantClientAuth(true);
        }
        return params;
    }

    @Override
    public String toString() {
        return "TlsOptions[protocols=" + protocols + ", clientAuth=" + clientAuth + ", cipherSuites="
                + (cipherSuites.isEmpty() ? "default" : cipherSuites) + ", handshakeTimeout=" + handshakeTimeout + "]";
    }

    /** Settings of {@link TlsOptions}; every one but the context has a default. Not thread safe. */
    public static final class Builder {

        private final SSLContext sslContext;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        private Builder(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        }

        /** Whether clients are asked for a certificate; default {@link ClientAuth#NONE}. */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * Protocol versions to enable, such as {@code "TLSv1.3"}; default {@link #DEFAULT_PROTOCOLS}. Those the
         * context does not support are left out; none at all fails {@link #build()}. Null or empty keeps the default.
         */
        public Builder protocols(String... protocols) {
            this.protocols = protocols == null || protocols.length == 0 ? DEFAULT_PROTOCOLS : distinct(protocols);
            return this;
        }

        /** Cipher suites to enable, most preferred first; null or empty (the default) keeps the context's. */
        public Builder cipherSuites(String... cipherSuites) {
            this.cipherSuites = cipherSuites == null ? List.of() : distinct(cipherSuites);
            return this;
        }

        /** Longest a handshake may take; default 10 s. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = Check.positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalArgumentException when the context supports none of the protocols, or not a cipher suite
         */
        public TlsOptions build() {
            TlsOptions options = new TlsOptions(this);
            options.parametersFor(sslContext);
            return options;
        }

        private static List<String> distinct(String[] values) {
            return List.copyOf(new LinkedHashSet<>(Arrays.asList(values)));
        }
    }
}
