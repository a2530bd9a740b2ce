package io.gev;

import java.net.SocketAddress;

/**
 * Where and how a TCP (or Unix domain socket) server listens, and whom it admits.
 *
 * @param address             the address to bind: an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}
 * @param backlog             the listen backlog, 0 for the operating system's
 * @param reusePort           SO_REUSEPORT on the listening socket
 * @param loadBalancer        picks the loop of each new connection
 * @param maxConnections      most connections open at once, 0 for no limit
 * @param maxConnectionsPerIp most connections open at once from one address, 0 for no limit
 * @param refusalMessage      written to a refused connection before it is closed, or null
 */
record ListenOptions(SocketAddress address, int backlog, boolean reusePort, LoadBalancer loadBalancer,
        int maxConnections, int maxConnectionsPerIp, byte[] refusalMessage) {
}
