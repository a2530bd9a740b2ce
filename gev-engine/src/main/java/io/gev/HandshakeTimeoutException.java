package io.gev;

/**
 * The peer did not finish a handshake in time (a protocol's own, such as WebSocket's upgrade). Thrown from a timer
 * task of the connection (see {@link Connection#runAfter}), it closes that connection gracefully, is logged once (at
 * info) and counted as a handshake timeout ({@link ServerStats#handshakeTimeouts()},
 * {@code gev.errors{type=handshake-timeout}}), as gev's own PROXY header and TLS handshake timeouts are, rather than
 * as a handler error.
 */
public class HandshakeTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A handshake timeout; the message says which handshake and how long it had. */
    public HandshakeTimeoutException(String message) {
        super(message, null, false, false);
    }
}
