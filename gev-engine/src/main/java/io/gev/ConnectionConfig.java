package io.gev;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings of a TCP connection, accepted by a server or dialled by a client, fixed when its server or client is
 * built. See {@link GevServer.Builder} for what each means.
 *
 * @param protocol            the framing
 * @param socket              the socket options
 * @param idleTimeout         quiet time after which the connection closes; zero: never
 * @param partialFrameTimeout silence with half a frame buffered after which it closes; zero: never
 * @param closeTimeout        longest wait for queued output when it closes
 * @param outbound            the limits of its output queue
 * @param tls                 its TLS engines, or null for plain TCP
 * @param proxyProtocol       whether a PROXY protocol header comes first
 * @param trustedProxies      whose PROXY headers are believed; none: every source's
 * @param proxyHeaderTimeout  longest wait for the PROXY header
 */
record ConnectionConfig(Protocol protocol, SocketOptions socket, Duration idleTimeout, Duration partialFrameTimeout,
        Duration closeTimeout, OutboundLimits outbound, TlsEngineFactory tls, ProxyProtocol proxyProtocol,
        AddressBlocks trustedProxies, Duration proxyHeaderTimeout) {

    /** Whether a PROXY header from {@code source} is believed: it is a trusted proxy, or every source is. */
    boolean trustsProxy(SocketAddress source) {
        return trustedProxies.isEmpty() || trustedProxies.contains(source);
    }

    /**
     * Connection settings being built: what {@link GevServer.Builder} and {@link GevClient.Builder} share. Each setter
     * checks its value (the message names the setting), {@link #build} checks them together. Not thread safe.
     */
    static final class Builder {

        private Protocol protocol = Protocol.raw();
        private boolean tcpNoDelay = true;
        private boolean keepAlive;
        private int receiveBufferSize;
        private int sendBufferSize;
        private Duration idleTimeout = Duration.ZERO;
        private Duration partialFrameTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private int lowWatermark = OutboundLimits.DEFAULT.lowWatermark();
        private int highWatermark = OutboundLimits.DEFAULT.highWatermark();
        private int maxOutboundBytes = OutboundLimits.DEFAULT.maxBytes();
        private OverflowPolicy overflowPolicy = OutboundLimits.DEFAULT.overflowPolicy();
        private TlsOptions tls;
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private AddressBlocks trustedProxies = AddressBlocks.NONE;
        private Duration proxyHeaderTimeout = Duration.ofSeconds(10);
        private Executor handlerExecutor;
        private int maxPendingPerConnection = 1024;

        void protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        void tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
        }

        void keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }

        void receiveBufferSize(int bytes) {
            this.receiveBufferSize = Check.notNegative(bytes, "receiveBufferSize");
        }

        void sendBufferSize(int bytes) {
            this.sendBufferSize = Check.notNegative(bytes, "sendBufferSize");
        }

        void idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Check.notNegative(idleTimeout, "idleTimeout");
        }

        void partialFrameTimeout(Duration partialFrameTimeout) {
            this.partialFrameTimeout = Check.notNegative(partialFrameTimeout, "partialFrameTimeout");
        }

        void closeTimeout(Duration shutdownTimeout) {
            this.closeTimeout = Check.notNegative(shutdownTimeout, "shutdownTimeout");
        }

        void writeBufferWatermark(int low, int high) {
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("writeBufferWatermark needs 0 <= low <= high, got low=" + low
                        + " high=" + high);
            }
            this.lowWatermark = low;
            this.highWatermark = high;
        }

        void maxOutboundBytes(int maxBytes, OverflowPolicy policy) {
            this.maxOutboundBytes = Check.notNegative(maxBytes, "maxOutboundBytes");
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
        }

        void tls(TlsOptions tls) {
            this.tls = tls;
        }

        void proxyProtocol(ProxyProtocol mode, List<String> trustedSources) {
            this.proxyProtocol = Objects.requireNonNull(mode, "mode");
            this.trustedProxies = AddressBlocks.of(trustedSources);
        }

        void proxyHeaderTimeout(Duration timeout) {
            this.proxyHeaderTimeout = Check.positive(timeout, "proxyHeaderTimeout");
        }

        void handlerExecutor(Executor executor) {
            this.handlerExecutor = executor;
        }

        void maxPendingPerConnection(int maxPending) {
            this.maxPendingPerConnection = Check.notNegative(maxPending, "maxPendingPerConnection");
        }

        /** The longest wait for queued output on close (a server's stop waits as long). */
        Duration closeTimeout() {
            return closeTimeout;
        }

        /** SO_RCVBUF, 0 for the operating system's: a listener sets it for its accepted sockets. */
        int receiveBufferSize() {
            return receiveBufferSize;
        }

        Protocol protocol() {
            return protocol;
        }

        boolean hasTls() {
            return tls != null;
        }

        /**
         * The settings, with TLS engines in client mode for a {@code client}.
         *
         * @throws IllegalArgumentException when settings contradict each other (the message says which)
         */
        ConnectionConfig build(boolean client) {
            return new ConnectionConfig(protocol, new SocketOptions(tcpNoDelay, keepAlive, receiveBufferSize,
                    sendBufferSize), idleTimeout, partialFrameTimeout, closeTimeout,
                    new OutboundLimits(lowWatermark, highWatermark, maxOutboundBytes, overflowPolicy),
                    tls == null ? null : new TlsEngineFactory(tls, client), proxyProtocol, trustedProxies,
                    proxyHeaderTimeout);
        }

        /** The only socket options a datagram socket takes: its buffer sizes. */
        SocketOptions datagramSocketOptions() {
            return new SocketOptions(false, false, receiveBufferSize, sendBufferSize);
        }

        /**
         * Where {@code handler} will be called: on the loops, or on the handler executor.
         *
         * @throws IllegalArgumentException for a {@link StreamHandler} with a handler executor
         */
        HandlerInvoker invoker(Handler handler) {
            return new HandlerInvoker(handler, handlerExecutor, maxPendingPerConnection);
        }
    }
}
