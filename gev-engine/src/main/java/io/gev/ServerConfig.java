package io.gev;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** The settings of one server, fixed when it is built; see {@link GevServer.Builder} for their meaning. */
record ServerConfig(
        SocketAddress address,
        int loops,
        Protocol protocol,
        Duration idleTimeout,
        boolean reusePort,
        LoadBalancer loadBalancer,
        Duration timerTick,
        int timerWheelSize,
        boolean tcpNoDelay,
        boolean keepAlive,
        int receiveBufferSize,
        int sendBufferSize,
        int backlog,
        int writeBufferLowWatermark,
        int writeBufferHighWatermark,
        int maxOutboundBytes,
        OverflowPolicy overflowPolicy,
        Duration partialFrameTimeout,
        Duration stallThreshold,
        ProxyProtocol proxyProtocol,
        TrustedProxies trustedProxies,
        TlsEngineFactory tls,
        Duration shutdownTimeout,
        int maxConnections,
        int maxConnectionsPerIp,
        byte[] refusalMessage,
        boolean udp,
        int maxDatagramSize) {

    /** Whether idle connections are closed. */
    boolean hasIdleTimeout() {
        return !idleTimeout.isZero();
    }

    /**
     * Makes {@code channel} non-blocking and gives it the connection socket options: TCP_NODELAY and SO_KEEPALIVE
     * when it is a TCP socket ({@code tcp}), SO_SNDBUF, and SO_RCVBUF when {@code receiveBuffer} (an accepted socket
     * inherits the listener's instead, set before its handshake).
     */
    void configure(SocketChannel channel, boolean tcp, boolean receiveBuffer) throws IOException {
        channel.configureBlocking(false);
        if (tcp) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
        }
        if (sendBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }
        if (receiveBuffer && receiveBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }
    }
}
