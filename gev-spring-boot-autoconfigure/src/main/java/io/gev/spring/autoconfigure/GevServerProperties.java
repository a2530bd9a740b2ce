package io.gev.spring.autoconfigure;

import io.gev.ProxyProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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

    /**
     * Most new connections per second from one IP address, and as many at once (a token bucket per address); more
     * are closed as they are accepted and counted as gev.connections.refused{reason=rate}. 0 means no limit.
     */
    private int maxConnectionRatePerIp = 0;

    @NestedConfigurationProperty
    private final GevAccessProperties access = new GevAccessProperties();

    @NestedConfigurationProperty
    private final GevMemoryProperties memory = new GevMemoryProperties();

    @NestedConfigurationProperty
    private final GevTimerProperties timer = new GevTimerProperties();

    @NestedConfigurationProperty
    private final GevProtocolProperties protocol = new GevProtocolProperties();

    @NestedConfigurationProperty
    private final GevOutboundProperties outbound = new GevOutboundProperties();

    @NestedConfigurationProperty
    private final GevSslProperties ssl = new GevSslProperties();

    @NestedConfigurationProperty
    private final GevHandlerProperties handler = new GevHandlerProperties();

    @NestedConfigurationProperty
    private final GevUdpProperties udp = new GevUdpProperties();

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

    /**
     * Longest wait for the PROXY protocol header once a connection is accepted; a peer that has not sent it whole by
     * then is closed and counted as gev.errors{type=handshake-timeout}, whatever the idle timeout.
     */
    private Duration proxyHeaderTimeout = Duration.ofSeconds(10);

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

    public int getMaxConnectionRatePerIp() {
        return maxConnectionRatePerIp;
    }

    public void setMaxConnectionRatePerIp(int maxConnectionRatePerIp) {
        this.maxConnectionRatePerIp = maxConnectionRatePerIp;
    }

    public GevAccessProperties getAccess() {
        return access;
    }

    public GevMemoryProperties getMemory() {
        return memory;
    }

    public GevTimerProperties getTimer() {
        return timer;
    }

    public GevProtocolProperties getProtocol() {
        return protocol;
    }

    public GevOutboundProperties getOutbound() {
        return outbound;
    }

    public GevSslProperties getSsl() {
        return ssl;
    }

    public GevHandlerProperties getHandler() {
        return handler;
    }

    public GevUdpProperties getUdp() {
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

    public Duration getProxyHeaderTimeout() {
        return proxyHeaderTimeout;
    }

    public void setProxyHeaderTimeout(Duration proxyHeaderTimeout) {
        this.proxyHeaderTimeout = proxyHeaderTimeout;
    }

    public Duration getStallThreshold() {
        return stallThreshold;
    }

    public void setStallThreshold(Duration stallThreshold) {
        this.stallThreshold = stallThreshold;
    }

    /** How a server talks to its peers. */
    public enum TransportType {
        /** TCP connections. */
        TCP,
        /** UDP datagrams: each one is a message, and replies go back to its sender. */
        UDP
    }
}
