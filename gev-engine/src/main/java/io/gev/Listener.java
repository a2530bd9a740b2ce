package io.gev;

import java.net.SocketAddress;
import java.util.List;

/**
 * How a server takes traffic in: an acceptor and the connections it accepts ({@link AcceptedConnections}, TCP or a
 * Unix domain socket), or datagram sockets on the loops ({@link DatagramListener}, UDP). The server binds it before
 * its loops start, starts it once they run, and stops it before it stops them.
 */
interface Listener {

    /**
     * Binds the listening socket(s) for {@code loops} and returns the bound address (the configured host, the real
     * port). Not thread safe: called once, by the server's start, before the loops start.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (the message names it)
     */
    SocketAddress bind(EventLoopGroup loops, ServerCounters counters);

    /** Starts taking traffic: the loops run. Not thread safe: called once, by the server's start. */
    void start();

    /** Stops taking new traffic; what was taken in goes on until the loops stop. Thread safe. */
    void stop() throws InterruptedException;

    /** Connections open, those being handed to a loop included (none for datagrams). Thread safe. */
    int connectionCount(int loopIndex);

    /** Connections open on every loop, those being handed to a loop included (none for datagrams). Thread safe. */
    int connectionCount();

    /** A snapshot of up to {@code limit} of the connections on {@code loop}. In loop ({@code loop}'s). */
    List<ConnectionInfo> describe(EventLoop loop, int limit);
}
