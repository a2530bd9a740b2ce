package io.gev;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings of a TCP server that a UDP server does not have: its connections (shared with {@link GevClient}) and
 * how it admits them. {@link GevServer.Builder} is the public face of this class. Not thread safe.
 */
abstract class TcpServerBuilder extends ServerBuilder<GevServer.Builder> {

    private LoadBalancer loadBalancer;
    private int backlog = 1024;
    private int maxConnections;
    private int maxConnectionsPerIp;
    private byte[] refusalMessage;
    private AddressBlocks allow = AddressBlocks.NONE;
    private AddressBlocks deny = AddressBlocks.NONE;
    private int maxConnectionRatePerIp;
    private long maxBufferedBytes = Runtime.getRuntime().maxMemory() / 4;

    TcpServerBuilder(Handler handler) {
        super(handler);
    }

    /**
     * Where to listen: an {@link InetSocketAddress}, or a {@link java.net.UnixDomainSocketAddress} to serve a
     * Unix domain socket (same handler, protocol, TLS and metrics; the TCP socket options do not apply). A
     * socket file left behind by a server that died is removed at start, and the file is removed on stop.
     */
    public GevServer.Builder address(SocketAddress address) {
        if (!(address instanceof InetSocketAddress) && !(address instanceof java.net.UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("not an IP or Unix domain socket address: " + address);
        }
        this.address = address;
        return self();
    }

    /** How new connections are spread over the loops; default {@link LoadBalancer#roundRobin()}. */
    public GevServer.Builder loadBalancer(LoadBalancer loadBalancer) {
        this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
        return self();
    }

    /** Listen backlog; 0 leaves it to the operating system. Default 1024. */
    public GevServer.Builder backlog(int backlog) {
        this.backlog = Check.notNegative(backlog, "backlog");
        return self();
    }

    /** TCP_NODELAY on accepted sockets; default true. */
    public GevServer.Builder tcpNoDelay(boolean tcpNoDelay) {
        connection.tcpNoDelay(tcpNoDelay);
        return self();
    }

    /** SO_KEEPALIVE on accepted sockets; default false. */
    public GevServer.Builder keepAlive(boolean keepAlive) {
        connection.keepAlive(keepAlive);
        return self();
    }

    /** Closes connections that neither read nor wrote for this long; zero (the default) disables it. */
    public GevServer.Builder idleTimeout(Duration idleTimeout) {
        connection.idleTimeout(idleTimeout);
        return self();
    }

    /**
     * Longest a connection may hold an incomplete frame without sending another byte before it is closed: a peer
     * that sends half a request and stalls. Default 30 s; zero disables it. It measures silence, not the frame's
     * total time, so a large frame arriving slowly but steadily is not cut.
     */
    public GevServer.Builder partialFrameTimeout(Duration partialFrameTimeout) {
        connection.partialFrameTimeout(partialFrameTimeout);
        return self();
    }

    /**
     * Output queue limits per connection: above {@code high} bytes the connection stops reading (and stops
     * decoding what it already read) until the queue drains to {@code low}. Default 32 KiB / 64 KiB.
     */
    public GevServer.Builder writeBufferWatermark(int low, int high) {
        connection.writeBufferWatermark(low, high);
        return self();
    }

    /**
     * Most bytes of output one connection may have queued, and what happens beyond: by default 64 MiB, then
     * {@link OverflowPolicy#CLOSE}. The limit applies to what the socket would not take, so it bounds the memory a
     * peer that stops reading can pin. 0 means no limit. It must be at least the high watermark.
     */
    public GevServer.Builder maxOutboundBytes(int maxBytes, OverflowPolicy policy) {
        connection.maxOutboundBytes(maxBytes, policy);
        return self();
    }

    /**
     * Whether connections start with a PROXY protocol header (v1 or v2) giving the original client's address, and
     * from which sources such a header is believed: CIDR blocks like {@code "10.0.0.0/8"} or single addresses;
     * none means every source. A connection from an untrusted source is served as it is ({@code OPTIONAL}) or
     * closed ({@code REQUIRED}). Default {@link ProxyProtocol#OFF}.
     *
     * @throws IllegalArgumentException when a source is not an IP address literal or CIDR block
     */
    public GevServer.Builder proxyProtocol(ProxyProtocol mode, String... trustedSources) {
        connection.proxyProtocol(mode, List.of(trustedSources));
        return self();
    }

    /**
     * Serves every connection over TLS: the handshake (after a PROXY protocol header, if any) comes before the
     * handler's {@code onConnect}, and the protocol and handler see plaintext. Null (the default) serves plain
     * TCP. With TLS, a connection refused by a limit is closed without the {@link #refusalMessage}, which could
     * only follow a handshake.
     */
    public GevServer.Builder tls(TlsOptions tls) {
        connection.tls(tls);
        return self();
    }

    /**
     * Runs the handler's callbacks on {@code executor} instead of the loops, for handlers that block (a database,
     * a remote call): decoding stays on the loop, {@code onMessage} runs on the executor and its reply is written
     * back through the loop. The calls of one connection run one after another, in order, and their replies leave
     * in that order; different connections run in parallel. {@code Executors.newVirtualThreadPerTaskExecutor()}
     * (Java 21) fits well. gev does not shut the executor down. Null (the default) runs handlers on the loops. A
     * {@link StreamHandler}, which works on the loop's buffers, cannot have one.
     */
    public GevServer.Builder handlerExecutor(Executor executor) {
        connection.handlerExecutor(executor);
        return self();
    }

    /**
     * With a {@link #handlerExecutor}: most messages of one connection that may wait for its handler; past that
     * gev stops reading the connection until half of them are handled, so a slow handler cannot exhaust memory.
     * Default 1024; 0 means no limit.
     */
    public GevServer.Builder maxPendingPerConnection(int maxPending) {
        connection.maxPendingPerConnection(maxPending);
        return self();
    }

    /** Most connections open at once; more are refused (see {@link #refusalMessage}). 0 (the default): no limit. */
    public GevServer.Builder maxConnections(int maxConnections) {
        this.maxConnections = Check.notNegative(maxConnections, "maxConnections");
        return self();
    }

    /** Most connections open at once from one IP address; 0 (the default): no limit. */
    public GevServer.Builder maxConnectionsPerIp(int maxConnectionsPerIp) {
        this.maxConnectionsPerIp = Check.notNegative(maxConnectionsPerIp, "maxConnectionsPerIp");
        return self();
    }

    /**
     * Bytes written to a refused connection before it is closed (say, {@code "-ERR max clients\r\n"}); null (the
     * default) closes it without a word. Either way the handler never sees it.
     */
    public GevServer.Builder refusalMessage(byte[] refusalMessage) {
        this.refusalMessage = refusalMessage == null ? null : refusalMessage.clone();
        return self();
    }

    /**
     * Admits only clients whose address is in one of these CIDR blocks (IPv4 or IPv6, like {@code "10.0.0.0/8"},
     * {@code "2001:db8::/32"} or a single address); none (the default) admits every address not {@link #deny denied}.
     * Others are closed as they are accepted (or, behind a trusted PROXY header, once it named the client), before
     * any handler or protocol sees them, and counted as refused for {@link RefusalReason#ACCESS}. Clients of a Unix
     * domain socket are not judged.
     *
     * @throws IllegalArgumentException when a block is not an address literal or CIDR block
     */
    public GevServer.Builder allow(String... cidrs) {
        this.allow = AddressBlocks.of(List.of(cidrs));
        return self();
    }

    /**
     * Refuses clients whose address is in one of these CIDR blocks, whatever {@link #allow} says; none by default.
     * Refused as {@link #allow} says.
     *
     * @throws IllegalArgumentException when a block is not an address literal or CIDR block
     */
    public GevServer.Builder deny(String... cidrs) {
        this.deny = AddressBlocks.of(List.of(cidrs));
        return self();
    }

    /**
     * Most new connections per second from one address, with a burst of as many at once (a token bucket per address,
     * for at most 65,536 addresses at a time); more are closed as they are accepted (or, behind a trusted PROXY
     * header, once it named the client) and counted as refused for {@link RefusalReason#RATE}. 0 (the default): no
     * limit.
     */
    public GevServer.Builder maxConnectionRatePerIp(int connectionsPerSecond) {
        this.maxConnectionRatePerIp = Check.notNegative(connectionsPerSecond, "maxConnectionRatePerIp");
        return self();
    }

    /**
     * Longest wait for a PROXY protocol header (see {@link #proxyProtocol}) once the connection is accepted; a peer
     * that has not sent it whole by then is closed and counted as a handshake timeout, whatever the idle timeout.
     * Default 10 s.
     */
    public GevServer.Builder proxyHeaderTimeout(Duration timeout) {
        connection.proxyHeaderTimeout(timeout);
        return self();
    }

    /**
     * The memory budget of the connections' buffers: their input not decoded yet and output not written yet, all
     * connections together. Past it the server stops reading until they hold half of it, and closes the connections
     * holding the most queued output first when that is not enough. Default a quarter of the maximum heap; 0: no
     * budget (each connection is still bounded by {@link #maxOutboundBytes}).
     */
    public GevServer.Builder maxBufferedBytes(long bytes) {
        this.maxBufferedBytes = Check.notNegative(bytes, "maxBufferedBytes");
        return self();
    }

    /** Where and how the server listens, whom it admits, and how much its connections may buffer. */
    ListenOptions listenOptions() {
        return new ListenOptions(address, backlog, reusePort,
                loadBalancer != null ? loadBalancer : LoadBalancer.roundRobin(), maxConnections,
                maxConnectionsPerIp, refusalMessage, new AccessList(allow, deny), maxConnectionRatePerIp,
                maxBufferedBytes);
    }
}
