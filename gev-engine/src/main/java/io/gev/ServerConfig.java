package io.gev;

import java.net.SocketAddress;
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
}
