package io.gev;

import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A connection's addresses: the socket's own, read once when it opens, and what the connection reports, which a
 * PROXY protocol header may replace with the original client's and the address it dialled. Connection limits count
 * the socket's own peer, whatever a header says.
 *
 * <p>{@link #replace} is in loop; the rest is thread safe.
 */
final class ConnectionAddresses {

    private final SocketAddress socketPeer;
    private volatile SocketAddress peer;
    private volatile SocketAddress local;

    ConnectionAddresses(SocketChannel channel) {
        this.socketPeer = Sockets.remoteAddress(channel);
        this.peer = socketPeer;
        this.local = Sockets.localAddress(channel);
    }

    /** The socket's own peer: a proxy's, when a PROXY header named another. Thread safe. */
    SocketAddress socketPeer() {
        return socketPeer;
    }

    /** The peer the connection reports. Thread safe. */
    SocketAddress peer() {
        return peer;
    }

    /** The local address the connection reports. Thread safe. */
    SocketAddress local() {
        return local;
    }

    /** Reports {@code source} and {@code destination} from now on: what a PROXY header said. In loop. */
    void replace(SocketAddress source, SocketAddress destination) {
        this.peer = source;
        this.local = destination;
    }

    /** {@code peer -> local}, as reported. Thread safe. */
    @Override
    public String toString() {
        return peer + " -> " + local;
    }
}
