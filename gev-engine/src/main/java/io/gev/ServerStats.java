package io.gev;

/**
 * Running totals of a {@link GevServer}, since it started. Cheap to read; meant for metrics (a gauge or counter per
 * method). Thread safe; values read from another thread may be a moment old.
 */
public interface ServerStats {

    /** Connections accepted and handed to a loop. */
    long connectionsAccepted();

    /**
     * Connections refused by a limit: over {@code maxConnectionsPerIp} when {@code perIp}, else over
     * {@code maxConnections}. They never reached the handler and are not counted as accepted.
     */
    long connectionsRefused(boolean perIp);

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

    /** TLS connections closed for a failed handshake, a handshake timeout, or bad records or alerts after it. */
    long tlsErrors();

    /** Times an event loop was found busy in one callback for longer than the stall threshold. */
    long loopStalls();

    /**
     * Datagrams a UDP server dropped: received ones longer than the maximum datagram size, and replies its socket had
     * no room for at that moment. Always 0 for a TCP server.
     */
    long datagramsDropped();
}
