package io.gev;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes the {@link SSLEngine} of each new TLS connection from the current context and the {@link TlsOptions}: in
 * server mode for a server's connections, in client mode (checking the server's name against its certificate, as
 * HTTPS does) for a {@link GevClient}'s. The context can be replaced while the server runs: connections made
 * afterwards use the new one, open connections keep theirs. Thread safe.
 */
final class TlsEngineFactory {

    private final TlsOptions options;
    private final boolean client;
    private volatile Current current;

    TlsEngineFactory(TlsOptions options, boolean client) {
        this.options = options;
        this.client = client;
        this.current = current(options.sslContext());
    }

    /** Whether engines are made for the client end of connections, which speaks first. */
    boolean isClient() {
        return client;
    }

    TlsOptions options() {
        return options;
    }

    /**
     * An engine for one connection with {@code peer}: the server, whose name a client engine checks and sends (SNI),
     * or the client, which a server engine does not need to know. Thread safe.
     */
    SSLEngine newEngine(SocketAddress peer) {
        Current c = current;
        SSLEngine engine;
        if (client && peer instanceof InetSocketAddress inet) {
            engine = c.context.createSSLEngine(inet.getHostString(), inet.getPort());
        } else {
            engine = c.context.createSSLEngine();
        }
        engine.setUseClientMode(client);
        engine.setSSLParameters(c.parameters);
        return engine;
    }

    /**
     * Makes {@code context} the one new connections use. Thread safe.
     *
     * @throws IllegalArgumentException when it supports none of the options' protocols or cipher suites
     */
    void update(SSLContext context) {
        current = current(context);
    }

    private Current current(SSLContext context) {
        SSLParameters parameters = options.parametersFor(context);
        if (client) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return new Current(context, parameters);
    }

    /** A context and the parameters its engines get, replaced together. */
    private record Current(SSLContext context, SSLParameters parameters) {
    }
}
