package io.gev;

/**
 * Where a TCP connection is in its life. The phases follow each other in this order, skipping those that do not
 * apply (no PROXY header expected, no TLS); a connection may close at any point, and a refused one goes straight to
 * closing.
 */
enum Phase {

    /** Reading the PROXY protocol header, which comes before anything else on the connection. */
    PROXY_HEADER,

    /** In the TLS handshake, after the PROXY header (if any). */
    TLS_HANDSHAKE,

    /** The handler was told ({@code onConnect}): messages flow both ways. */
    OPEN,

    /** Closing: nothing more is decoded, and queued output is written first (within the shutdown timeout). */
    CLOSING,

    /** Output written and half-closed: the peer's input is read and dropped until it closes (or the linger ends). */
    LINGERING,

    /** Closed: the socket is closed and the connection has left its loop. */
    CLOSED;

    /** Whether the connection is not closing yet: in its preamble or open. */
    boolean isLive() {
        return ordinal() < CLOSING.ordinal();
    }
}
