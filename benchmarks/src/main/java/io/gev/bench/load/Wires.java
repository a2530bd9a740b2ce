package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.TlsKeys;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes each connection's {@link Wire}: plain TCP, or with {@code --tls FILE --tls-password PW} TLS that trusts the
 * key store's certificate ({@link TlsKeys#clientContext()}), offering {@code --tls-protocol} (default
 * {@code TLSv1.3}) and, given {@code --tls-cipher}, only that cipher suite (else the JDK's defaults).
 *
 * <p>Every engine is made without the server's host and port, so JSSE's client session cache, which is keyed by
 * them, has nothing to offer: there is no session resumption, every handshake is a full one, against every server
 * alike. Thread safe.
 */
final class Wires {

    private final SSLContext context;
    private final SSLParameters parameters;

    private Wires(SSLContext context, SSLParameters parameters) {
        this.context = context;
        this.parameters = parameters;
    }

    /** The wires the options ask for. */
    static Wires fromOptions(Arguments options) throws IOException, GeneralSecurityException {
        TlsKeys keys = TlsKeys.fromOptions(options);
        if (keys == null) {
            return new Wires(null, null);
        }
        SSLContext context = keys.clientContext();
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {options.get("tls-protocol", "TLSv1.3")});
        String cipher = options.get("tls-cipher", "");
        if (!cipher.isEmpty()) {
            parameters.setCipherSuites(new String[] {cipher});
        }
        return new Wires(context, parameters);
    }

    /** Whether the wires are TLS. */
    boolean tls() {
        return context != null;
    }

    /** The wire over a connected socket; {@link Wire#start()} begins it. */
    Wire open(SocketChannel channel) {
        if (context == null) {
            return Wire.plain(channel);
        }
        SSLEngine engine = context.createSSLEngine(); // no peer host or port: no cached session to resume
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters);
        return new TlsWire(channel, engine);
    }
}
