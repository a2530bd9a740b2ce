package io.gev;

/**
 * Whether connections start with a PROXY protocol header (v1 text or v2 binary), as HAProxy, nginx, AWS NLB and
 * others send it, so that {@link Connection#peerAddress()} reports the original client rather than the balancer. The
 * header is read and checked before the {@link Protocol} sees any byte; a malformed one closes the connection and is
 * counted as a protocol error.
 */
public enum ProxyProtocol {

    /** No header is expected; bytes that look like one are the protocol's business. The default. */
    OFF,

    /** A header is read if the connection starts with one; otherwise the connection is served as it is. */
    OPTIONAL,

    /** Every connection must start with a header; one without is closed. */
    REQUIRED
}
