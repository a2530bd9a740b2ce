package io.gev;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads now what a connection needs, while file descriptors are surely free: a server that first meets clients in a
 * reconnect storm, or a client that first dials in one, may have none left, and then the JVM can neither read a class
 * file nor set up its socket-close machinery (which needs a spare descriptor once, and fails for good without one).
 * So it loads and links the connection's classes (and with them the exception types its byte path catches), the
 * PROXY header decoder when headers are expected, the JDK's TLS engine with TLS, the caller's own classes, and closes
 * a throwaway socket.
 */
final class ConnectionPathPrimer {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPathPrimer.class);

    private ConnectionPathPrimer() {
    }

    /** Primes the path of connections made with {@code config}, and loads {@code more}. Thread safe. */
    static void prime(ConnectionConfig config, Class<?>... more) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (Class<?> type : List.of(TcpConnection.class, InboundPath.class, OutboundBuffer.class,
                    CloseSequence.class, ConnectionTimers.class, Unpacker.class)) {
                lookup.ensureInitialized(type);
            }
            for (Class<?> type : more) {
                lookup.ensureInitialized(type);
            }
            if (config.proxyProtocol() != ProxyProtocol.OFF) {
                lookup.ensureInitialized(ProxyHeaderDecoder.class);
                lookup.ensureInitialized(Preamble.class);
            }
            if (config.tls() != null) {
                lookup.ensureInitialized(TlsTransport.class);
                lookup.ensureInitialized(Preamble.class);
                config.tls().newEngine(null).closeOutbound(); // loads the JDK's TLS engine classes
            }
            SocketChannel.open().close();
        } catch (IOException | IllegalAccessException e) {
            log.debug("gev: could not prime the connection path", e);
        }
    }
}
