package io.gev;

import java.net.InetSocketAddress;

/**
 * How a UDP server listens.
 *
 * @param address         the address to bind
 * @param reusePort       SO_REUSEPORT, so that other sockets (of this server's other loops, or of other processes)
 *                        may bind the port too
 * @param socket          the socket options; only the buffer sizes apply to datagram sockets
 * @param maxDatagramSize the longest datagram taken; a longer one is dropped
 * @param protocol        packs what is sent (a datagram is a message already: nothing is unpacked)
 */
record DatagramOptions(InetSocketAddress address, boolean reusePort, SocketOptions socket, int maxDatagramSize,
        Protocol protocol) {
}
