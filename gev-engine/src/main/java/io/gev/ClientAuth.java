package io.gev;

/** Whether a TLS server asks its clients for a certificate (mutual TLS). */
public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A certificate is asked for; a client without one is still served. */
    WANT,
    /** A certificate is required: a client without a valid one fails the handshake. */
    NEED
}
