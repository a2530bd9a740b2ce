package io.gev;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * A snapshot of one live connection, for monitoring (see {@link GevServer#connections(int)}).
 *
 * @param peerAddress       the peer's address
 * @param localAddress      this end's address
 * @param age               how long the connection has been open
 * @param readBufferLength  bytes received and not yet consumed by the protocol
 * @param writeBufferLength bytes queued and not yet written
 * @param loop              index of the event loop that owns it
 */
public record ConnectionInfo(SocketAddress peerAddress, SocketAddress localAddress, Duration age, int readBufferLength,
        int writeBufferLength, int loop) {
}
