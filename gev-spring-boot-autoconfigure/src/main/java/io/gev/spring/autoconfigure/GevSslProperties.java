package io.gev.spring.autoconfigure;

import io.gev.ClientAuth;
import java.time.Duration;

/** TLS from a Spring Boot SSL bundle ({@code gev.ssl.*}). */
public class GevSslProperties {

    /**
     * Name of the SSL bundle (spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME) whose key and trust
     * material, protocols and ciphers serve TLS; unset serves plain TCP. With the bundle's reload-on-update, new
     * connections pick up renewed certificates without a restart.
     */
    private String bundle;

    /**
     * Whether clients are asked for a certificate (mutual TLS): none, want (asked, not required) or need
     * (required and checked against the bundle's trust material).
     */
    private ClientAuth clientAuth = ClientAuth.NONE;

    /**
     * Longest a TLS handshake may take before the connection is closed (counted as gev.errors{type=tls}).
     */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    public String getBundle() {
        return bundle;
    }

    public void setBundle(String bundle) {
        this.bundle = bundle;
    }

    public ClientAuth getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }
}
