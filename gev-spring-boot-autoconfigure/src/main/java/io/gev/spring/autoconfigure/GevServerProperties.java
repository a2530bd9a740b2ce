package io.gev.spring.autoconfigure;

import io.gev.ClientAuth;
import io.gev.GevServer;
import io.gev.LoadBalancer;
import io.gev.OverflowPolicy;
import io.gev.ProxyProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one gev server. The top-level {@code gev.*} properties configure the default server and are the
 * defaults of every named server under {@code gev.servers.<name>.*}.
 */
public class GevServerProperties {

    /**
     * Transport: tcp (connections) or udp (datagrams, each one message from its sender, replies sent back to it).
     */
    private TransportType transport = TransportType.TCP;

    /**
     * Network address to bind to.
     */
    private String host = "0.0.0.0";

    /**
     * Port to listen on (TCP, or UDP with transport=udp). 0 picks a free port, published as 'local.gev.port' (or
     * 'local.gev.<name>.port').
     */
    private int port = 1833;

    /**
     * Path of a Unix domain socket to serve instead of host and port (a stale socket file is replaced at start, and
     * the file is removed on stop); unset serves TCP.
     */
    private String unixSocket;

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
     * SO_RCVBUF of accepted sockets (with transport=udp, of the datagram sockets). Unset keeps the operating system's
     * default.
     */
    private DataSize receiveBufferSize;

    /**
     * SO_SNDBUF of accepted sockets (with transport=udp, of the datagram sockets). Unset keeps the operating system's
     * default.
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

    /**
     * Most connections open at once; more are refused (with the refusal message, if any). 0 means no limit.
     */
    private int maxConnections = 0;

    /**
     * Most connections open at once from one IP address. 0 means no limit.
     */
    private int maxConnectionsPerIp = 0;

    /**
     * Text (UTF-8) written to a refused connection before it is closed, e.g. "-ERR max clients\r\n". Unset closes
     * it without a word.
     */
    private String refusalMessage;

    private final Timer timer = new Timer();

    private final ProtocolSettings protocol = new ProtocolSettings();

    private final Outbound outbound = new Outbound();

    private final Ssl ssl = new Ssl();

    private final HandlerSettings handler = new HandlerSettings();

    private final Udp udp = new Udp();

    /**
     * Longest a connection may hold an incomplete frame without sending another byte (a peer that sends half a
     * request and stalls); 0 disables it.
     */
    private Duration partialFrameTimeout = Duration.ofSeconds(30);

    /**
     * How long one pass of an event loop (a blocking handler, say) may run before a warning with the loop's stack is
     * logged and gev.loop.stalls counts it; 0 disables the check.
     */
    private Duration stallThreshold = Duration.ofSeconds(2);

    /**
     * Whether connections start with a PROXY protocol header (v1 or v2, as HAProxy, nginx or a cloud load balancer
     * send it) naming the original client: off, optional or required.
     */
    private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;

    /**
     * Sources whose PROXY protocol headers are believed, as CIDR blocks or addresses (10.0.0.0/8, 192.168.1.7);
     * empty trusts every source.
     */
    private List<String> trustedProxies = new ArrayList<>();

    public TransportType getTransport() {
        return transport;
    }

    public void setTransport(TransportType transport) {
        this.transport = transport;
    }

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

    public String getUnixSocket() {
        return unixSocket;
    }

    public void setUnixSocket(String unixSocket) {
        this.unixSocket = unixSocket;
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

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    public void setMaxConnectionsPerIp(int maxConnectionsPerIp) {
        this.maxConnectionsPerIp = maxConnectionsPerIp;
    }

    public String getRefusalMessage() {
        return refusalMessage;
    }

    public void setRefusalMessage(String refusalMessage) {
        this.refusalMessage = refusalMessage;
    }

    public Timer getTimer() {
        return timer;
    }

    public ProtocolSettings getProtocol() {
        return protocol;
    }

    public Outbound getOutbound() {
        return outbound;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public HandlerSettings getHandler() {
        return handler;
    }

    public Udp getUdp() {
        return udp;
    }

    public Duration getPartialFrameTimeout() {
        return partialFrameTimeout;
    }

    public void setPartialFrameTimeout(Duration partialFrameTimeout) {
        this.partialFrameTimeout = partialFrameTimeout;
    }

    public ProxyProtocol getProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(ProxyProtocol proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public Duration getStallThreshold() {
        return stallThreshold;
    }

    public void setStallThreshold(Duration stallThreshold) {
        this.stallThreshold = stallThreshold;
    }

    /**
     * Checks the values, naming the offending property under {@code prefix} (e.g. {@code gev.servers.admin}).
     *
     * @throws IllegalStateException when a value is out of range
     */
    void validate(String prefix) {
        check(port >= 0 && port <= 65535, prefix, "port", "must be between 0 and 65535", port);
        check(backlog >= 0, prefix, "backlog", "must not be negative", backlog);
        check(maxConnections >= 0, prefix, "max-connections", "must not be negative", maxConnections);
        check(maxConnectionsPerIp >= 0, prefix, "max-connections-per-ip", "must not be negative",
                maxConnectionsPerIp);
        check(!isNegative(idleTimeout), prefix, "idle-timeout", "must not be negative", idleTimeout);
        check(!isNegative(shutdownTimeout), prefix, "shutdown-timeout", "must not be negative", shutdownTimeout);
        check(loadBalance != null, prefix, "load-balance", "must be set", loadBalance);
        check(timer.tick != null && !timer.tick.isNegative() && !timer.tick.isZero(), prefix, "timer.tick",
                "must be positive", timer.tick);
        check(timer.wheelSize > 0, prefix, "timer.wheel-size", "must be positive", timer.wheelSize);
        check(fitsInt(receiveBufferSize), prefix, "receive-buffer-size", "must be between 0 and 2GB", receiveBufferSize);
        check(fitsInt(sendBufferSize), prefix, "send-buffer-size", "must be between 0 and 2GB", sendBufferSize);
        DataSize maxFrame = protocol.maxFrameLength;
        check(maxFrame != null && maxFrame.toBytes() > 0 && fitsInt(maxFrame), prefix, "protocol.max-frame-length",
                "must be between 1B and 2GB", maxFrame);
        int width = protocol.lengthField.length;
        check(width == 1 || width == 2 || width == 3 || width == 4 || width == 8, prefix,
                "protocol.length-field.length", "must be 1, 2, 3, 4 or 8", width);
        check(protocol.lengthField.offset >= 0, prefix, "protocol.length-field.offset", "must not be negative",
                protocol.lengthField.offset);
        check(protocol.websocket.maxFrameSize != null && protocol.websocket.maxFrameSize.toBytes() > 0
                && fitsInt(protocol.websocket.maxFrameSize), prefix, "protocol.websocket.max-frame-size",
                "must be between 1B and 2GB", protocol.websocket.maxFrameSize);
        check(protocol.websocket.maxHandshakeSize != null && protocol.websocket.maxHandshakeSize.toBytes() > 0
                && fitsInt(protocol.websocket.maxHandshakeSize), prefix, "protocol.websocket.max-handshake-size",
                "must be between 1B and 2GB", protocol.websocket.maxHandshakeSize);
        check(protocol.delimiter.value != null && !protocol.delimiter.value.isEmpty(), prefix,
                "protocol.delimiter.value", "must not be empty", protocol.delimiter.value);
        DataSize low = outbound.lowWatermark;
        DataSize high = outbound.highWatermark;
        DataSize max = outbound.maxBytes;
        check(fitsInt(low) && low != null, prefix, "outbound.low-watermark", "must be between 0 and 2GB", low);
        check(fitsInt(high) && high != null, prefix, "outbound.high-watermark", "must be between 0 and 2GB", high);
        check(fitsInt(max) && max != null, prefix, "outbound.max-bytes", "must be between 0 and 2GB", max);
        check(low.toBytes() <= high.toBytes(), prefix, "outbound.low-watermark",
                "must not be above outbound.high-watermark (" + high + ")", low);
        check(max.toBytes() == 0 || max.toBytes() >= high.toBytes(), prefix, "outbound.max-bytes",
                "must be 0 or at least outbound.high-watermark (" + high + ")", max);
        check(outbound.onOverflow != null, prefix, "outbound.on-overflow", "must be set", outbound.onOverflow);
        check(!isNegative(partialFrameTimeout), prefix, "partial-frame-timeout", "must not be negative",
                partialFrameTimeout);
        check(!isNegative(stallThreshold), prefix, "stall-threshold", "must not be negative", stallThreshold);
        check(proxyProtocol != null, prefix, "proxy-protocol", "must be set", proxyProtocol);
        check(ssl.clientAuth != null, prefix, "ssl.client-auth", "must be set", ssl.clientAuth);
        check(handler.executor != null, prefix, "handler.executor", "must be set", handler.executor);
        check(handler.maxPendingPerConnection >= 0, prefix, "handler.max-pending-per-connection",
                "must not be negative", handler.maxPendingPerConnection);
        check(ssl.handshakeTimeout != null && !ssl.handshakeTimeout.isNegative() && !ssl.handshakeTimeout.isZero(),
                prefix, "ssl.handshake-timeout", "must be positive", ssl.handshakeTimeout);
        check(transport != null, prefix, "transport", "must be set", transport);
        DataSize maxDatagram = udp.maxDatagramSize;
        check(maxDatagram != null && maxDatagram.toBytes() >= 1 && maxDatagram.toBytes() <= 65535, prefix,
                "udp.max-datagram-size", "must be between 1B and 65535B", maxDatagram);
        if (transport == TransportType.UDP) {
            String withUdp = " with " + prefix + ".transport=udp";
            check(ssl.bundle == null || ssl.bundle.isBlank(), prefix, "ssl.bundle",
                    "must be unset" + withUdp + " (TLS needs TCP)", ssl.bundle);
            check(proxyProtocol == ProxyProtocol.OFF, prefix, "proxy-protocol",
                    "must be off" + withUdp + " (its header needs TCP)", proxyProtocol);
            check(unixSocket == null || unixSocket.isBlank(), prefix, "unix-socket",
                    "must be unset" + withUdp + " (a UDP server binds host and port)", unixSocket);
            check(handler.executor == HandlerExecutor.LOOP, prefix, "handler.executor",
                    "must be loop" + withUdp + " (datagrams have no connection to keep in order)", handler.executor);
        }
        try {
            GevServer.builder((c, x, d) -> d).proxyProtocol(ProxyProtocol.OFF, trustedProxies.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            check(false, prefix, "trusted-proxies", "must be IP addresses or CIDR blocks (" + e.getMessage() + ")",
                    trustedProxies);
        }
    }

    /** Applies these settings to {@code builder}. */
    void applyTo(GevServer.Builder builder) {
        builder.address(host, port);
        if (unixSocket != null && !unixSocket.isBlank()) {
            builder.address(java.net.UnixDomainSocketAddress.of(unixSocket));
        }
        builder
                .loops(loops)
                .reusePort(reusePort)
                .idleTimeout(idleTimeout)
                .loadBalancer(loadBalance.create())
                .tcpNoDelay(tcpNoDelay)
                .keepAlive(keepAlive)
                .backlog(backlog)
                .timerTick(timer.tick)
                .timerWheelSize(timer.wheelSize)
                .writeBufferWatermark((int) outbound.lowWatermark.toBytes(), (int) outbound.highWatermark.toBytes())
                .maxOutboundBytes((int) outbound.maxBytes.toBytes(), outbound.onOverflow)
                .partialFrameTimeout(partialFrameTimeout)
                .stallThreshold(stallThreshold)
                .proxyProtocol(proxyProtocol, trustedProxies.toArray(String[]::new))
                .shutdownTimeout(shutdownTimeout)
                .maxConnections(maxConnections)
                .maxConnectionsPerIp(maxConnectionsPerIp)
                .maxPendingPerConnection(handler.maxPendingPerConnection)
                .maxDatagramSize((int) udp.maxDatagramSize.toBytes());
        if (transport == TransportType.UDP) {
            builder.udp();
        }
        if (refusalMessage != null) {
            builder.refusalMessage(refusalMessage.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
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

    /** Framing of the server's messages, unless a {@code @GevProtocol} bean gives one. */
    public static class ProtocolSettings {

        /**
         * Framing: raw, line, delimiter, length-field, protobuf or websocket. Unset means websocket for a handler
         * implementing WebSocketHandler, protobuf for a ProtobufHandler, raw otherwise.
         */
        private ProtocolType type;

        /**
         * Longest frame (or WebSocket message) accepted; a longer one closes its connection as malformed.
         */
        private DataSize maxFrameLength = DataSize.ofMegabytes(1);

        private final Line line = new Line();

        private final Delimiter delimiter = new Delimiter();

        private final LengthField lengthField = new LengthField();

        private final Protobuf protobuf = new Protobuf();

        private final WebSocket websocket = new WebSocket();

        public ProtocolType getType() {
            return type;
        }

        public void setType(ProtocolType type) {
            this.type = type;
        }

        public DataSize getMaxFrameLength() {
            return maxFrameLength;
        }

        public void setMaxFrameLength(DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        public Line getLine() {
            return line;
        }

        public Delimiter getDelimiter() {
            return delimiter;
        }

        public LengthField getLengthField() {
            return lengthField;
        }

        public Protobuf getProtobuf() {
            return protobuf;
        }

        public WebSocket getWebsocket() {
            return websocket;
        }

        /** {@code type=websocket}: RFC 6455 for a WebSocketHandler; messages are limited by max-frame-length. */
        public static class WebSocket {

            /**
             * Longest single frame accepted; a message may span several frames up to max-frame-length.
             */
            private DataSize maxFrameSize = DataSize.ofMegabytes(1);

            /**
             * Longest upgrade request accepted.
             */
            private DataSize maxHandshakeSize = DataSize.ofKilobytes(8);

            /**
             * Time a connection has to complete its upgrade request.
             */
            private Duration handshakeTimeout = Duration.ofSeconds(10);

            /**
             * Time to wait for the peer's close frame after sending ours.
             */
            private Duration closeTimeout = Duration.ofSeconds(5);

            /**
             * Subprotocols the server speaks, in order of preference.
             */
            private List<String> subprotocols = new ArrayList<>();

            /**
             * Origins allowed to upgrade (browser connections); empty or '*' allows any.
             */
            private List<String> allowedOrigins = new ArrayList<>();

            public DataSize getMaxFrameSize() {
                return maxFrameSize;
            }

            public void setMaxFrameSize(DataSize maxFrameSize) {
                this.maxFrameSize = maxFrameSize;
            }

            public DataSize getMaxHandshakeSize() {
                return maxHandshakeSize;
            }

            public void setMaxHandshakeSize(DataSize maxHandshakeSize) {
                this.maxHandshakeSize = maxHandshakeSize;
            }

            public Duration getHandshakeTimeout() {
                return handshakeTimeout;
            }

            public void setHandshakeTimeout(Duration handshakeTimeout) {
                this.handshakeTimeout = handshakeTimeout;
            }

            public Duration getCloseTimeout() {
                return closeTimeout;
            }

            public void setCloseTimeout(Duration closeTimeout) {
                this.closeTimeout = closeTimeout;
            }

            public List<String> getSubprotocols() {
                return subprotocols;
            }

            public void setSubprotocols(List<String> subprotocols) {
                this.subprotocols = subprotocols;
            }

            public List<String> getAllowedOrigins() {
                return allowedOrigins;
            }

            public void setAllowedOrigins(List<String> allowedOrigins) {
                this.allowedOrigins = allowedOrigins;
            }
        }

        /** {@code type=protobuf}: protobuf messages for a ProtobufHandler. */
        public static class Protobuf {

            /**
             * Framing of protobuf messages: envelope (gev's type-named envelope, as the Go plugin) or varint
             * (varint32 length-delimited, as protobuf-java's writeDelimitedTo, one message type).
             */
            private Framing framing = Framing.ENVELOPE;

            public Framing getFraming() {
                return framing;
            }

            public void setFraming(Framing framing) {
                this.framing = framing;
            }

            /** How protobuf messages are framed. */
            public enum Framing {
                /** 4-byte length, 2-byte type-name length, type name, payload. */
                ENVELOPE,
                /** Varint32 length, payload; a single message type. */
                VARINT
            }
        }

        /** {@code type=line}: frames end with LF or CRLF. */
        public static class Line {

            /**
             * Whether replies end with CRLF rather than LF.
             */
            private boolean crlf = false;

            public boolean isCrlf() {
                return crlf;
            }

            public void setCrlf(boolean crlf) {
                this.crlf = crlf;
            }
        }

        /** {@code type=delimiter}: frames end with a byte sequence. */
        public static class Delimiter {

            /**
             * Delimiter that ends each frame (its UTF-8 bytes); replies end with it too.
             */
            private String value = "\n";

            public String getValue() {
                return value;
            }

            public void setValue(String value) {
                this.value = value;
            }
        }

        /** {@code type=length-field}: frames carry their length in a header field. */
        public static class LengthField {

            /**
             * Bytes before the length field.
             */
            private int offset = 0;

            /**
             * Width of the length field in bytes: 1, 2, 3, 4 or 8.
             */
            private int length = 4;

            /**
             * Byte order of the length field.
             */
            private Order byteOrder = Order.BIG_ENDIAN;

            /**
             * Added to the length value to get the bytes that follow the header (or the whole frame).
             */
            private long adjustment = 0;

            /**
             * Header bytes removed from the delivered frame. Unset strips the whole header (offset + length).
             */
            private Integer strip;

            /**
             * Whether the length value counts the whole frame, header included, rather than the payload.
             */
            private boolean includesHeader = false;

            public int getOffset() {
                return offset;
            }

            public void setOffset(int offset) {
                this.offset = offset;
            }

            public int getLength() {
                return length;
            }

            public void setLength(int length) {
                this.length = length;
            }

            public Order getByteOrder() {
                return byteOrder;
            }

            public void setByteOrder(Order byteOrder) {
                this.byteOrder = byteOrder;
            }

            public long getAdjustment() {
                return adjustment;
            }

            public void setAdjustment(long adjustment) {
                this.adjustment = adjustment;
            }

            public Integer getStrip() {
                return strip;
            }

            public void setStrip(Integer strip) {
                this.strip = strip;
            }

            public boolean isIncludesHeader() {
                return includesHeader;
            }

            public void setIncludesHeader(boolean includesHeader) {
                this.includesHeader = includesHeader;
            }

            /** Byte order of a length field. */
            public enum Order {
                /** Most significant byte first (network order). */
                BIG_ENDIAN,
                /** Least significant byte first. */
                LITTLE_ENDIAN
            }
        }
    }

    /** The framings that {@code gev.protocol.type} selects. */
    public enum ProtocolType {
        /** Every read is one message. */
        RAW,
        /** Lines ended by LF or CRLF. */
        LINE,
        /** Frames ended by {@code gev.protocol.delimiter.value}. */
        DELIMITER,
        /** Frames with a length field, see {@code gev.protocol.length-field.*}. */
        LENGTH_FIELD,
        /** Protobuf messages for a ProtobufHandler. */
        PROTOBUF,
        /** WebSocket (RFC 6455) for a WebSocketHandler. */
        WEBSOCKET
    }

    /** How a server talks to its peers. */
    public enum TransportType {
        /** TCP connections. */
        TCP,
        /** UDP datagrams: each one is a message, and replies go back to its sender. */
        UDP
    }

    /** Settings of a UDP server ({@code transport=udp}). */
    public static class Udp {

        /**
         * Longest datagram accepted, up to 65535B; a longer one is dropped and counted as gev.datagrams.dropped.
         */
        private DataSize maxDatagramSize = DataSize.ofBytes(65507);

        public DataSize getMaxDatagramSize() {
            return maxDatagramSize;
        }

        public void setMaxDatagramSize(DataSize maxDatagramSize) {
            this.maxDatagramSize = maxDatagramSize;
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

    /** Where handlers run. */
    public static class HandlerSettings {

        /**
         * Where the handler's callbacks run: loop (on the event loops; they must not block), virtual (a virtual
         * thread per call, Java 21+) or application (Spring's applicationTaskExecutor, virtual threads with
         * spring.threads.virtual.enabled). Off the loop, the calls of one connection still run one at a time, in
         * order.
         */
        private HandlerExecutor executor = HandlerExecutor.LOOP;

        /**
         * With an executor: most messages of one connection that may wait for its handler before gev stops reading
         * the connection (until half of them are handled); 0 means no limit.
         */
        private int maxPendingPerConnection = 1024;

        public HandlerExecutor getExecutor() {
            return executor;
        }

        public void setExecutor(HandlerExecutor executor) {
            this.executor = executor;
        }

        public int getMaxPendingPerConnection() {
            return maxPendingPerConnection;
        }

        public void setMaxPendingPerConnection(int maxPendingPerConnection) {
            this.maxPendingPerConnection = maxPendingPerConnection;
        }
    }

    /** Where {@code gev.handler.executor} runs handlers. */
    public enum HandlerExecutor {
        /** On the event loops. */
        LOOP,
        /** One virtual thread per call (Java 21 or newer). */
        VIRTUAL,
        /** Spring's applicationTaskExecutor bean. */
        APPLICATION
    }

    /** TLS from a Spring Boot SSL bundle. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME) whose key and trust
         * material, protocols and ciphers serve TLS; unset serves plain TCP. With the bundle's reload-on-update, new
         * connections pick up renewed certificates without a restart.
         */
        private String bundle;

        /**
         * Whether clients are asked for a certificate (mutual TLS): none, want (asked, not required) or need
         * (required and checked against the bundle's trust material).
         */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /**
         * Longest a TLS handshake may take before the connection is closed (counted as gev.errors{type=tls}).
         */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }
    }

    /** Output queue limits per connection. */
    public static class Outbound {

        /**
         * Queued output above which a connection stops being read (and reports not writable) until it drains to the
         * low watermark.
         */
        private DataSize highWatermark = DataSize.ofKilobytes(64);

        /**
         * Queued output at which a paused connection is read again (and reports writable).
         */
        private DataSize lowWatermark = DataSize.ofKilobytes(32);

        /**
         * Most output one connection may have queued (what the socket would not take); 0 means no limit. Must be at
         * least the high watermark.
         */
        private DataSize maxBytes = DataSize.ofMegabytes(64);

        /**
         * What happens to a connection whose queued output passes max-bytes: close it at once (counted as
         * gev.errors{type=overflow}), or keep it with reading paused until it drains.
         */
        private OverflowPolicy onOverflow = OverflowPolicy.CLOSE;

        public DataSize getHighWatermark() {
            return highWatermark;
        }

        public void setHighWatermark(DataSize highWatermark) {
            this.highWatermark = highWatermark;
        }

        public DataSize getLowWatermark() {
            return lowWatermark;
        }

        public void setLowWatermark(DataSize lowWatermark) {
            this.lowWatermark = lowWatermark;
        }

        public DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        public OverflowPolicy getOnOverflow() {
            return onOverflow;
        }

        public void setOnOverflow(OverflowPolicy onOverflow) {
            this.onOverflow = onOverflow;
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
