package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.LoadBalancer;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one gev server. The top-level {@code gev.*} properties configure the default server and are the
 * defaults of every named server under {@code gev.servers.<name>.*}.
 */
public class GevServerProperties {

    /**
     * Network address to bind to.
     */
    private String host = "0.0.0.0";

    /**
     * TCP port to listen on. 0 picks a free port, published as 'local.gev.port' (or 'local.gev.<name>.port').
     */
    private int port = 1833;

    /**
     * Number of event loops. 0 or less means one per available processor.
     */
    private int loops = 0;

    /**
     * Whether to set SO_REUSEPORT, so that several servers or processes can accept on one port.
     */
    private boolean reusePort = false;

    /**
     * Time after which a connection that neither read nor wrote is closed. 0 disables it.
     */
    private Duration idleTimeout = Duration.ZERO;

    /**
     * How new connections are spread over the event loops.
     */
    private LoadBalance loadBalance = LoadBalance.ROUND_ROBIN;

    /**
     * Whether to set TCP_NODELAY on accepted sockets.
     */
    private boolean tcpNoDelay = true;

    /**
     * Whether to set SO_KEEPALIVE on accepted sockets.
     */
    private boolean keepAlive = false;

    /**
     * SO_RCVBUF of accepted sockets. Unset keeps the operating system's default.
     */
    private DataSize receiveBufferSize;

    /**
     * SO_SNDBUF of accepted sockets. Unset keeps the operating system's default.
     */
    private DataSize sendBufferSize;

    /**
     * Maximum queue length of connections not yet accepted.
     */
    private int backlog = 1024;

    /**
     * Longest wait for queued output to be written when a connection closes or the server stops; the rest are cut.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private final Timer timer = new Timer();

    private final WriteBuffer writeBuffer = new WriteBuffer();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getLoops() {
        return loops;
    }

    public void setLoops(int loops) {
        this.loops = loops;
    }

    public boolean isReusePort() {
        return reusePort;
    }

    public void setReusePort(boolean reusePort) {
        this.reusePort = reusePort;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public LoadBalance getLoadBalance() {
        return loadBalance;
    }

    public void setLoadBalance(LoadBalance loadBalance) {
        this.loadBalance = loadBalance;
    }

    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    public void setTcpNoDelay(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
    }

    public boolean isKeepAlive() {
        return keepAlive;
    }

    public void setKeepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    public DataSize getReceiveBufferSize() {
        return receiveBufferSize;
    }

    public void setReceiveBufferSize(DataSize receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
    }

    public DataSize getSendBufferSize() {
        return sendBufferSize;
    }

    public void setSendBufferSize(DataSize sendBufferSize) {
        this.sendBufferSize = sendBufferSize;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Timer getTimer() {
        return timer;
    }

    public WriteBuffer getWriteBuffer() {
        return writeBuffer;
    }

    /**
     * Checks the values, naming the offending property under {@code prefix} (e.g. {@code gev.servers.admin}).
     *
     * @throws IllegalStateException when a value is out of range
     */
    void validate(String prefix) {
        check(port >= 0 && port <= 65535, prefix, "port", "must be between 0 and 65535", port);
        check(backlog >= 0, prefix, "backlog", "must not be negative", backlog);
        check(!isNegative(idleTimeout), prefix, "idle-timeout", "must not be negative", idleTimeout);
        check(!isNegative(shutdownTimeout), prefix, "shutdown-timeout", "must not be negative", shutdownTimeout);
        check(loadBalance != null, prefix, "load-balance", "must be set", loadBalance);
        check(timer.tick != null && !timer.tick.isNegative() && !timer.tick.isZero(), prefix, "timer.tick",
                "must be positive", timer.tick);
        check(timer.wheelSize > 0, prefix, "timer.wheel-size", "must be positive", timer.wheelSize);
        check(fitsInt(receiveBufferSize), prefix, "receive-buffer-size", "must be between 0 and 2GB", receiveBufferSize);
        check(fitsInt(sendBufferSize), prefix, "send-buffer-size", "must be between 0 and 2GB", sendBufferSize);
        DataSize low = writeBuffer.lowWatermark;
        DataSize high = writeBuffer.highWatermark;
        check(fitsInt(low) && low != null, prefix, "write-buffer.low-watermark", "must be between 0 and 2GB", low);
        check(fitsInt(high) && high != null, prefix, "write-buffer.high-watermark", "must be between 0 and 2GB", high);
        check(low.toBytes() <= high.toBytes(), prefix, "write-buffer.low-watermark",
                "must not be above write-buffer.high-watermark (" + high + ")", low);
    }

    /** Applies these settings to {@code builder}. */
    void applyTo(GevServer.Builder builder) {
        builder.address(host, port)
                .loops(loops)
                .reusePort(reusePort)
                .idleTimeout(idleTimeout)
                .loadBalancer(loadBalance.create())
                .tcpNoDelay(tcpNoDelay)
                .keepAlive(keepAlive)
                .backlog(backlog)
                .timerTick(timer.tick)
                .timerWheelSize(timer.wheelSize)
                .writeBufferWatermark((int) writeBuffer.lowWatermark.toBytes(), (int) writeBuffer.highWatermark.toBytes())
                .shutdownTimeout(shutdownTimeout);
        if (receiveBufferSize != null) {
            builder.receiveBufferSize((int) receiveBufferSize.toBytes());
        }
        if (sendBufferSize != null) {
            builder.sendBufferSize((int) sendBufferSize.toBytes());
        }
    }

    private static boolean isNegative(Duration d) {
        return d == null || d.isNegative();
    }

    private static boolean fitsInt(DataSize size) {
        return size == null || size.toBytes() >= 0 && size.toBytes() <= Integer.MAX_VALUE;
    }

    private static void check(boolean ok, String prefix, String property, String rule, Object value) {
        if (!ok) {
            throw new IllegalStateException(prefix + "." + property + " " + rule + ", but was " + value);
        }
    }

    /** Timing wheel settings. */
    public static class Timer {

        /**
         * Resolution of timers and idle timeouts.
         */
        private Duration tick = Duration.ofMillis(1);

        /**
         * Slots of each event loop's timing wheel; one turn of the wheel lasts tick x wheel-size.
         */
        private int wheelSize = 1024;

        public Duration getTick() {
            return tick;
        }

        public void setTick(Duration tick) {
            this.tick = tick;
        }

        public int getWheelSize() {
            return wheelSize;
        }

        public void setWheelSize(int wheelSize) {
            this.wheelSize = wheelSize;
        }
    }

    /** Output queue limits per connection. */
    public static class WriteBuffer {

        /**
         * Queued output below which a paused connection is read again.
         */
        private DataSize lowWatermark = DataSize.ofKilobytes(32);

        /**
         * Queued output above which a connection stops being read until it drains to the low watermark.
         */
        private DataSize highWatermark = DataSize.ofKilobytes(64);

        public DataSize getLowWatermark() {
            return lowWatermark;
        }

        public void setLowWatermark(DataSize lowWatermark) {
            this.lowWatermark = lowWatermark;
        }

        public DataSize getHighWatermark() {
            return highWatermark;
        }

        public void setHighWatermark(DataSize highWatermark) {
            this.highWatermark = highWatermark;
        }
    }

    /** The built-in {@link LoadBalancer}s. */
    public enum LoadBalance {

        /** Hand connections to the loops in turn. */
        ROUND_ROBIN(LoadBalancer::roundRobin),

        /** Pick the loop with the fewest connections. */
        LEAST_CONNECTIONS(LoadBalancer::leastConnections),

        /** Keep all connections from one IP address on one loop. */
        SOURCE_ADDRESS_HASH(LoadBalancer::sourceAddressHash);

        private final Supplier<LoadBalancer> factory;

        LoadBalance(Supplier<LoadBalancer> factory) {
            this.factory = factory;
        }

        /** A new balancer of this kind. */
        public LoadBalancer create() {
            return factory.get();
        }
    }
}
