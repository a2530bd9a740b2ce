package io.gev;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes the server-side {@link SSLEngine} of each new TLS connection from the current context and the server's
 * {@link TlsOptions}. The context can be replaced while the server runs: connections made afterwards use the new one,
 * open connections keep theirs. Thread safe.
 */
final class TlsEngineFactory {

    private final TlsOptions options;
    private volatile Current current;

    TlsEngineFactory(TlsOptions options) {
        this.options = options;
        this.current = new Current(options.sslContext(), options.parametersFor(options.sslContext()));
    }

    TlsOptions options() {
        return options;
    }

    /** An engine for one accepted connection. Thread safe. */
    SSLEngine newEngine() {
        Current c = current;
        SSLEngine engine = c.context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(c.parameters);
        return engine;
    }

    /**
     * Makes {@code context} the one new connections use. Thread safe.
     *
     * @throws IllegalArgumentException when it supports none of the options' protocols or cipher suites
     */
    void update(SSLContext context) {
        current = new Current(context, options.parametersFor(context));
    }

    /** A context and the parameters its engines get, replaced together. */
    private record Current(SSLContext context, SSLParameters parameters) {
    }
}
