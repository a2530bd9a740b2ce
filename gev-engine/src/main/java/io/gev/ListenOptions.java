package io.gev;

import java.net.SocketAddress;

/**
 * Where and how a TCP (or Unix domain socket) server listens, whom it admits, and how much its connections may
 * buffer.
 *
 * @param address                the address to bind: an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}
 * @param backlog                the listen backlog, 0 for the operating system's
 * @param reusePort              SO_REUSEPORT on the listening socket
 * @param loadBalancer           picks the loop of each new connection
 * @param maxConnections         most connections open at once, 0 for no limit
 * @param maxConnectionsPerIp    most connections open at once from one address, 0 for no limit
 * @param refusalMessage         written to a connection refused by those limits before it is closed, or null
 * @param access                 which client addresses are admitted
 * @param maxConnectionRatePerIp most new connections per second from one address, 0 for no limit
 * @param maxBufferedBytes       the memory budget of the connections' buffers, 0 for none
 */
record ListenOptions(SocketAddress address, int backlog, boolean reusePort, LoadBalancer loadBalancer,
        int maxConnections, int maxConnectionsPerIp, byte[] refusalMessage, AccessList access,
        int maxConnectionRatePerIp, long maxBufferedBytes) {
}
