package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.TlsKeys;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes each connection's {@link Wire}: plain TCP; with {@code --websocket PATH} a {@link WebSocketWire} upgrading
 * on that path ({@code --deflate true}: offering permessage-deflate), for messages of {@code --size} bytes; or with
 * {@code --tls FILE --tls-password PW} TLS that trusts the key store's certificate ({@link TlsKeys#clientContext()}),
 * offering {@code --tls-protocol} (default {@code TLSv1.3}) and, given {@code --tls-cipher}, only that cipher suite
 * (else the JDK's defaults).
 *
 * <p>Every engine is made without the server's host and port, so JSSE's client session cache, which is keyed by
 * them, has nothing to offer: there is no session resumption, every handshake is a full one, against every server
 * alike. Not thread safe: the load tools open every wire from one thread.
 */
final class Wires {

    private final SSLContext context;
    private final SSLParameters parameters;
    private final String websocketPath;
    private final boolean deflate;
    private final int maxMessage;
    private final SplittableRandom seeds = new SplittableRandom();

    private Wires(SSLContext context, SSLParameters parameters, String websocketPath, boolean deflate,
            int maxMessage) {
        this.context = context;
        this.parameters = parameters;
        this.websocketPath = websocketPath;
        this.deflate = deflate;
        this.maxMessage = maxMessage;
    }

    /** The wires the options ask for. */
    static Wires fromOptions(Arguments options) throws IOException, GeneralSecurityException {
        TlsKeys keys = TlsKeys.fromOptions(options);
        String websocket = options.get("websocket", "");
        boolean deflate = Boolean.parseBoolean(options.get("deflate", "false"));
        if (!websocket.isEmpty() && keys != null || websocket.isEmpty() && deflate) {
            throw new IllegalArgumentException("--websocket goes without --tls; --deflate needs --websocket");
        }
        if (keys == null) {
            String path = websocket.isEmpty() ? null : websocket;
            return new Wires(null, null, path, deflate, options.getInt("size", 64));
        }
        SSLContext context = keys.clientContext();
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {options.get("tls-protocol", "TLSv1.3")});
        String cipher = options.get("tls-cipher", "");
        if (!cipher.isEmpty()) {
            parameters.setCipherSuites(new String[] {cipher});
        }
        return new Wires(context, parameters, null, false, 0);
    }

    /** Whether the wires are TLS. */
    boolean tls() {
        return context != null;
    }

    /** Whether the wires are WebSockets, whose plaintext is messages. */
    boolean websocket() {
        return websocketPath != null;
    }

    /** The wire over a connected socket; {@link Wire#start()} begins it. Not thread safe. */
    Wire open(SocketChannel channel) {
        if (websocketPath != null) {
            return new WebSocketWire(channel, websocketPath, deflate, maxMessage, seeds.nextLong());
        }
        if (context == null) {
            return Wire.plain(channel);
        }
        SSLEngine engine = context.createSSLEngine(); // no peer host or port: no cached session to resume
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters);
        return new TlsWire(channel, engine);
    }
}
