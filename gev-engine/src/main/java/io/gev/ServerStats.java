package io.gev;

/**
 * Running totals of a {@link GevServer}, since it started. Cheap to read; meant for metrics (a gauge or counter per
 * method). Thread safe; values read from another thread may be a moment old.
 */
public interface ServerStats {

    /** Connections accepted and handed to a loop. */
    long connectionsAccepted();

    /**
     * Connections refused for {@code reason}; they never reached the handler or the protocol. Those refused when they
     * were accepted are not counted as accepted; those refused once a PROXY header named their client (by the access
     * list or the rate per address) were, and are counted as closed too.
     */
    long connectionsRefused(RefusalReason reason);

    /** Connections closed, for whatever reason. */
    long connectionsClosed();

    /** Bytes read from sockets. */
    long bytesRead();

    /** Bytes written to sockets. */
    long bytesWritten();

    /** Frames decoded by the protocol and handed to the handler. */
    long messagesReceived();

    /** Messages packed and queued for sending (replies and {@link Connection#send} calls). */
    long messagesSent();

    /** Handler callbacks that threw (each closed its connection). */
    long handlerErrors();

    /** Protocol unpack or pack calls that threw (malformed input or output; each closed its connection). */
    long protocolErrors();

    /** I/O errors on connections (resets, broken pipes) and failed accepts. */
    long ioErrors();

    /** Connections closed because their queued output passed the outbound limit (see {@link OverflowPolicy}). */
    long outboundOverflows();

    /** Connections closed because they held an incomplete frame and sent nothing for the partial-frame timeout. */
    long readTimeouts();

    /** TLS handshakes completed. */
    long tlsHandshakes();

    /** TLS connections closed for a failed handshake, or bad records or alerts after it. */
    long tlsErrors();

    /**
     * Connections closed because a handshake before the messages was not done in time: the PROXY protocol header, the
     * TLS handshake, or a protocol's own (WebSocket's upgrade, see {@link HandshakeTimeoutException}).
     */
    long handshakeTimeouts();

    /**
     * Bytes the server's connections hold in their buffers now: input not yet decoded and output not yet written
     * (the arrays' sizes). Kept under the memory budget.
     */
    long bufferedBytes();

    /**
     * Times the memory budget was passed: each time the server stopped reading its connections, and each connection
     * it closed (the one holding the most queued output first) because stopping was not enough.
     */
    long memoryOverruns();

    /** Times an event loop was found busy in one callback for longer than the stall threshold. */
    long loopStalls();

    /**
     * Datagrams a UDP server dropped: received ones longer than the maximum datagram size, and replies its socket had
     * no room for at that moment. Always 0 for a TCP server.
     */
    long datagramsDropped();
}
