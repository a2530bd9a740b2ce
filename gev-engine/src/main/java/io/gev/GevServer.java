package io.gev;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server in reactor mode: one acceptor thread ({@code gev-acceptor}) hands each new connection to one of N event
 * loops ({@code gev-loop-0} ...), which do all of that connection's I/O, framing, handling and timers. Built with
 * {@link Builder#udp()} it serves datagrams instead: the loops receive them, with no acceptor.
 *
 * <pre>{@code
 * GevServer server = GevServer.builder((conn, ctx, data) -> data)   // echo
 *         .address("0.0.0.0", 1833)
 *         .loops(4)
 *         .build();
 * server.start();
 * server.awaitTermination();
 * }</pre>
 *
 * <p>Thread safe. A server starts once; after {@link #stop()} build a new one.
 */
public final class GevServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GevServer.class);

    private final ServerConfig config;
    private final HandlerInvoker invoker;
    private final ServerCounters counters = new ServerCounters();

    private volatile EventLoopGroup group;
    private volatile Acceptor acceptor;
    private volatile SocketAddress boundAddress;
    private StallDetector stallDetector;
    private volatile State state = State.NEW;
    private final Object lifecycle = new Object();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private GevServer(ServerConfig config, HandlerInvoker invoker) {
        this.config = config;
        this.invoker = invoker;
    }

    /** Starts building a server whose connections are handled by {@code handler}. Thread safe. */
    public static Builder builder(Handler handler) {
        return new Builder(handler);
    }

    /**
     * Binds, starts the loops and the acceptor, and returns once connections are being accepted. Thread safe.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (the message names it)
     * @throws IllegalStateException        when the server was started before
     */
    public void start() {
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException("gev server cannot start: it is " + state);
            }
            primeConnectionPath();
            ConnectionLimits limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp());
            EventLoopGroup loops = new EventLoopGroup(config, invoker, limits, "gev-loop-");
            Acceptor boundAcceptor = null;
            SocketAddress bound;
            try {
                if (config.udp()) {
                    bound = DatagramEndpoint.bind(config, loops, invoker);
                } else {
                    boundAcceptor = new Acceptor(config, loops, counters, limits);
                    bound = boundAcceptor.boundAddress();
                }
            } catch (RuntimeException e) {
                state = State.TERMINATED;
                terminated.countDown();
                throw e;
            }
            counters.attach(loops.counters(), limits);
            loops.start();
            if (boundAcceptor != null) {
                boundAcceptor.start();
            }
            if (!config.stallThreshold().isZero()) {
                stallDetector = new StallDetector(loops.loops(), config.stallThreshold(), counters.stalls);
                stallDetector.start();
            }
            this.group = loops;
            this.acceptor = boundAcceptor;
            this.boundAddress = bound;
            this.state = State.RUNNING;
            log.info("gev server listening on {}{} with {} loop(s)", config.udp() ? "udp " : "",
                    Acceptor.describe(bound), config.loops());
        }
    }

    /**
     * Loads now what serving a connection needs, while file descriptors are surely free: a server that first meets
     * clients in a reconnect storm may have none left, and then the JVM can neither read a class file nor set up
     * its socket-close machinery (which needs a spare descriptor once, and fails for good without one). So it loads
     * and links the connection class (and with it the exception types its byte path catches), the PROXY header
     * decoder when headers are expected, and closes a throwaway socket.
     */
    private void primeConnectionPath() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            lookup.ensureInitialized(TcpConnection.class);
            if (config.proxyProtocol() != ProxyProtocol.OFF) {
                lookup.ensureInitialized(ProxyHeaderDecoder.class);
            }
            if (config.tls() != null) {
                lookup.ensureInitialized(TlsTransport.class);
                config.tls().newEngine(null).closeOutbound(); // loads the JDK's TLS engine classes
            }
            SocketChannel.open().close();
        } catch (IOException | IllegalAccessException e) {
            log.debug("gev: could not prime the connection path", e);
        }
    }

    /**
     * Stops accepting, closes every connection after writing out its queued output (for at most the shutdown
     * timeout; then the rest are cut) and ends the loops. Returns when every gev thread has ended; called from a
     * handler (on a loop thread) it only starts the shutdown, on a thread named {@code gev-shutdown}. Idempotent.
     * Thread safe.
     */
    public void stop() {
        stop(config.shutdownTimeout());
    }

    /** Like {@link #stop()}, draining for at most {@code drainTimeout} instead of the configured timeout. Thread safe. */
    public void stop(Duration drainTimeout) {
        EventLoopGroup g = group;
        if (g != null && g.isLoopThread(Thread.currentThread())) {
            Thread shutdown = new Thread(() -> stop(drainTimeout), "gev-shutdown");
            shutdown.start();
            return;
        }
        synchronized (lifecycle) {
            if (state != State.RUNNING) {
                if (state == State.NEW) {
                    state = State.TERMINATED; // a server stopped before it started never starts
                    terminated.countDown();
                }
                return;
            }
            state = State.DRAINING;
            try {
                if (acceptor != null) {
                    acceptor.stop();
                }
                group.stop(drainTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.stop(Duration.ZERO);
            } finally {
                if (stallDetector != null) {
                    stallDetector.stop();
                }
                state = State.TERMINATED;
                terminated.countDown();
                log.info("gev server on {} stopped", Acceptor.describe(localAddress()));
            }
        }
    }

    /**
     * Replaces the TLS key material: connections accepted from now on use {@code sslContext} (with the server's
     * {@link TlsOptions}), open ones keep the session they have. For certificate rotation without a restart.
     * Thread safe.
     *
     * @throws IllegalStateException    when the server was built without TLS
     * @throws IllegalArgumentException when the context supports none of the options' protocols or a cipher suite
     */
    public void updateSslContext(SSLContext sslContext) {
        if (config.tls() == null) {
            throw new IllegalStateException("gev server was built without TLS");
        }
        config.tls().update(Objects.requireNonNull(sslContext, "sslContext"));
        log.info("gev server on {}: TLS context replaced; new connections use it", Acceptor.describe(localAddress()));
    }

    /** Whether connections are served over TLS. Thread safe. */
    public boolean isTls() {
        return config.tls() != null;
    }

    /** Whether the server serves datagrams (see {@link Builder#udp()}) rather than TCP connections. Thread safe. */
    public boolean isUdp() {
        return config.udp();
    }

    /** Same as {@link #stop()}. Thread safe. */
    @Override
    public void close() {
        stop();
    }

    /** Blocks until the server has stopped (or failed to start). Thread safe. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Blocks until the server has stopped or {@code timeout} has passed; returns whether it stopped. Thread safe. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the server is accepting connections. Thread safe. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** The loops while the server runs (clients dial onto them), else null. Thread safe. */
    EventLoopGroup eventLoops() {
        return group;
    }

    /** Number of event loops the server runs. Thread safe. */
    public int loopCount() {
        return config.loops();
    }

    /** The configured longest wait for queued output on close and stop. Thread safe. */
    public Duration shutdownTimeout() {
        return config.shutdownTimeout();
    }

    /** Where the server is in its life. Thread safe. */
    public State state() {
        return state;
    }

    /** A snapshot of the event loops (empty before {@link #start()}). Thread safe. */
    public List<LoopInfo> loops() {
        EventLoopGroup g = group;
        if (g == null) {
            return List.of();
        }
        List<LoopInfo> out = new ArrayList<>(g.size());
        for (EventLoop loop : g.loops()) {
            out.add(new LoopInfo(loop.index(), loop.thread().getName(), loop.isAlive(), loop.connectionCount(),
                    loop.pendingTasks()));
        }
        return out;
    }

    /**
     * A snapshot of up to {@code limit} live connections, gathered on their loops (a loop that does not answer within
     * a second is left out). For monitoring, not for the hot path. Thread safe; must not be called on a loop thread.
     */
    public List<ConnectionInfo> connections(int limit) {
        EventLoopGroup g = group;
        if (g == null || state != State.RUNNING && state != State.DRAINING || limit <= 0) {
            return List.of();
        }
        List<CompletableFuture<List<ConnectionInfo>>> perLoop = new ArrayList<>(g.size());
        for (EventLoop loop : g.loops()) {
            CompletableFuture<List<ConnectionInfo>> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(loop.describeConnections(limit)));
            perLoop.add(f);
        }
        List<ConnectionInfo> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (CompletableFuture<List<ConnectionInfo>> f : perLoop) {
            try {
                List<ConnectionInfo> some = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.addAll(some.subList(0, Math.min(some.size(), limit - out.size())));
            } catch (TimeoutException | ExecutionException e) {
                log.debug("gev: a loop did not describe its connections in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /** The life of a server: {@code NEW → RUNNING → DRAINING → TERMINATED}. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Accepting and serving. */
        RUNNING,
        /** Stopped accepting; closing connections after their output is written. */
        DRAINING,
        /** Stopped (or failed to start); every thread has ended. */
        TERMINATED
    }

    /**
     * The bound port (the real one when configured with port 0), or -1 before {@link #start()} and for a Unix domain
     * socket. Thread safe.
     */
    public int port() {
        return localAddress() instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /**
     * The bound address (an {@link InetSocketAddress}, or the {@link java.net.UnixDomainSocketAddress} the server
     * was given), or null before {@link #start()}. Thread safe.
     */
    public SocketAddress localAddress() {
        return boundAddress;
    }

    /** Open connections, including those being handed to a loop. Thread safe. */
    public int connectionCount() {
        EventLoopGroup g = group;
        return g == null ? 0 : g.connectionCount();
    }

    /** Running totals since start. Thread safe. */
    public ServerStats stats() {
        return counters;
    }

    /** Runs {@code task} once after {@code delay} on one of the loops (it must not block). Thread safe. */
    public Timer runAfter(Duration delay, Runnable task) {
        return timerLoop().schedule(delay.toNanos(), 0, task, null);
    }

    /**
     * Runs {@code task} every {@code period} on one of the loops (it must not block) until cancelled or stopped.
     * Thread safe.
     */
    public Timer runEvery(Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return timerLoop().schedule(period.toNanos(), period.toNanos(), task, null);
    }

    private EventLoop timerLoop() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("gev server is not running");
        }
        return group.next();
    }

    @Override
    public String toString() {
        SocketAddress a = boundAddress;
        return "GevServer[" + state + (a == null ? "" : " " + Acceptor.describe(a)) + "]";
    }

    /**
     * Settings of a {@link GevServer}; every one has a default. Not thread safe.
     */
    public static final class Builder {

        private final Handler handler;
        private SocketAddress address = new InetSocketAddress("0.0.0.0", 1833);
        private int loops = 0;
        private Protocol protocol = Protocol.raw();
        private Duration idleTimeout = Duration.ZERO;
        private boolean reusePort;
        private LoadBalancer loadBalancer;
        private Duration timerTick = Duration.ofMillis(1);
        private int timerWheelSize = 1024;
        private boolean tcpNoDelay = true;
        private boolean keepAlive;
        private int receiveBufferSize;
        private int sendBufferSize;
        private int backlog = 1024;
        private int writeBufferLowWatermark = 32 * 1024;
        private int writeBufferHighWatermark = 64 * 1024;
        private int maxOutboundBytes = 64 * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
        private Duration partialFrameTimeout = Duration.ofSeconds(30);
        private Duration stallThreshold = Duration.ofSeconds(2);
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private TrustedProxies trustedProxies = TrustedProxies.ANY;
        private TlsOptions tls;
        private Executor handlerExecutor;
        private int maxPendingPerConnection = 1024;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private int maxConnections;
        private int maxConnectionsPerIp;
        private byte[] refusalMessage;
        private boolean udp;
        private int maxDatagramSize = 65_507;

        private Builder(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Where to listen; port 0 picks a free port (see {@link GevServer#port()}). Default {@code 0.0.0.0:1833}. */
        public Builder address(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.address = new InetSocketAddress(host == null || host.isBlank() ? "0.0.0.0" : host, port);
            return this;
        }

        /**
         * Where to listen: an {@link InetSocketAddress}, or a {@link java.net.UnixDomainSocketAddress} to serve a
         * Unix domain socket (same handler, protocol, TLS and metrics; the TCP socket options do not apply). A
         * socket file left behind by a server that died is removed at start, and the file is removed on stop.
         */
        public Builder address(SocketAddress address) {
            if (!(address instanceof InetSocketAddress) && !(address instanceof java.net.UnixDomainSocketAddress)) {
                throw new IllegalArgumentException("not an IP or Unix domain socket address: " + address);
            }
            this.address = address;
            return this;
        }

        /** Number of event loops; 0 or less means one per available processor (the default). */
        public Builder loops(int loops) {
            this.loops = loops;
            return this;
        }

        /** Framing of messages; default {@link Protocol#raw()}. */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** Closes connections that neither read nor wrote for this long; zero (the default) disables it. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = nonNegative(idleTimeout, "idleTimeout");
            return this;
        }

        /** Sets SO_REUSEPORT so that several servers (or processes) can accept on one port. Default false. */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        /** How new connections are spread over the loops; default {@link LoadBalancer#roundRobin()}. */
        public Builder loadBalancer(LoadBalancer loadBalancer) {
            this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
            return this;
        }

        /** Resolution of timers and idle timeouts; default 1 ms. */
        public Builder timerTick(Duration timerTick) {
            if (timerTick == null || timerTick.isNegative() || timerTick.isZero()) {
                throw new IllegalArgumentException("timerTick must be positive: " + timerTick);
            }
            this.timerTick = timerTick;
            return this;
        }

        /** Slots of each loop's timing wheel (one turn = tick × size); default 1024. */
        public Builder timerWheelSize(int timerWheelSize) {
            if (timerWheelSize < 1) {
                throw new IllegalArgumentException("timerWheelSize must be positive: " + timerWheelSize);
            }
            this.timerWheelSize = timerWheelSize;
            return this;
        }

        /** TCP_NODELAY on accepted sockets; default true. */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /** SO_KEEPALIVE on accepted sockets; default false. */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** SO_RCVBUF in bytes; 0 (the default) keeps the operating system's. */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = Math.max(0, bytes);
            return this;
        }

        /** SO_SNDBUF in bytes; 0 (the default) keeps the operating system's. */
        public Builder sendBufferSize(int bytes) {
            this.sendBufferSize = Math.max(0, bytes);
            return this;
        }

        /** Listen backlog; default 1024. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * Output queue limits per connection: above {@code high} bytes the connection stops reading (and stops
         * decoding what it already read) until the queue drains to {@code low}. Default 32 KiB / 64 KiB.
         */
        public Builder writeBufferWatermark(int low, int high) {
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("need 0 <= low <= high, got low=" + low + " high=" + high);
            }
            this.writeBufferLowWatermark = low;
            this.writeBufferHighWatermark = high;
            return this;
        }

        /**
         * Most bytes of output one connection may have queued, and what happens beyond: by default 64 MiB, then
         * {@link OverflowPolicy#CLOSE}. The limit applies to what the socket would not take, so it bounds the memory a
         * peer that stops reading can pin. 0 means no limit. It must be at least the high watermark.
         */
        public Builder maxOutboundBytes(int maxBytes, OverflowPolicy policy) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
            }
            this.maxOutboundBytes = maxBytes;
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Longest a connection may hold an incomplete frame without sending another byte before it is closed: a peer
         * that sends half a request and stalls. Default 30 s; zero disables it. It measures silence, not the frame's
         * total time, so a large frame arriving slowly but steadily is not cut.
         */
        public Builder partialFrameTimeout(Duration partialFrameTimeout) {
            this.partialFrameTimeout = nonNegative(partialFrameTimeout, "partialFrameTimeout");
            return this;
        }

        /**
         * How long one pass of an event loop (a handler callback, a timer, a decode) may run before it is reported as
         * a stall: a warning with the loop thread's stack and {@link ServerStats#loopStalls()}. Default 2 s; zero
         * disables the check.
         */
        public Builder stallThreshold(Duration stallThreshold) {
            this.stallThreshold = nonNegative(stallThreshold, "stallThreshold");
            return this;
        }

        /**
         * Whether connections start with a PROXY protocol header (v1 or v2) giving the original client's address, and
         * from which sources such a header is believed: CIDR blocks like {@code "10.0.0.0/8"} or single addresses;
         * none means every source. A connection from an untrusted source is served as it is ({@code OPTIONAL}) or
         * closed ({@code REQUIRED}). Default {@link ProxyProtocol#OFF}.
         *
         * @throws IllegalArgumentException when a source is not an IP address literal or CIDR block
         */
        public Builder proxyProtocol(ProxyProtocol mode, String... trustedSources) {
            this.proxyProtocol = Objects.requireNonNull(mode, "mode");
            this.trustedProxies = TrustedProxies.of(List.of(trustedSources));
            return this;
        }

        /**
         * Serves every connection over TLS: the handshake (after a PROXY protocol header, if any) comes before the
         * handler's {@code onConnect}, and the protocol and handler see plaintext. Null (the default) serves plain
         * TCP. With TLS, a connection refused by a limit is closed without the {@link #refusalMessage}, which could
         * only follow a handshake.
         */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Runs the handler's callbacks on {@code executor} instead of the loops, for handlers that block (a database,
         * a remote call): decoding stays on the loop, {@code onMessage} runs on the executor and its reply is written
         * back through the loop. The calls of one connection run one after another, in order, and their replies leave
         * in that order; different connections run in parallel. {@code Executors.newVirtualThreadPerTaskExecutor()}
         * (Java 21) fits well. gev does not shut the executor down. Null (the default) runs handlers on the loops. A
         * {@link StreamHandler}, which works on the loop's buffers, cannot have one.
         */
        public Builder handlerExecutor(Executor executor) {
            this.handlerExecutor = executor;
            return this;
        }

        /**
         * With a {@link #handlerExecutor}: most messages of one connection that may wait for its handler; past that
         * gev stops reading the connection until half of them are handled, so a slow handler cannot exhaust memory.
         * Default 1024; 0 means no limit.
         */
        public Builder maxPendingPerConnection(int maxPending) {
            if (maxPending < 0) {
                throw new IllegalArgumentException("maxPendingPerConnection must not be negative: " + maxPending);
            }
            this.maxPendingPerConnection = maxPending;
            return this;
        }

        /**
         * Longest wait for queued output to be written when a connection closes or the server stops; default 10 s.
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = nonNegative(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /** Most connections open at once; more are refused (see {@link #refusalMessage}). 0 (the default): no limit. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = Math.max(0, maxConnections);
            return this;
        }

        /** Most connections open at once from one IP address; 0 (the default): no limit. */
        public Builder maxConnectionsPerIp(int maxConnectionsPerIp) {
            this.maxConnectionsPerIp = Math.max(0, maxConnectionsPerIp);
            return this;
        }

        /**
         * Bytes written to a refused connection before it is closed (say, {@code "-ERR max clients\r\n"}); null (the
         * default) closes it without a word. Either way the handler never sees it.
         */
        public Builder refusalMessage(byte[] refusalMessage) {
            this.refusalMessage = refusalMessage == null ? null : refusalMessage.clone();
            return this;
        }

        /**
         * Serves UDP instead of TCP. Each datagram received is one {@link Handler#onMessage} call, with a null context
         * and the datagram's payload as the message: a datagram is a message already, so {@link Protocol#unpack} is
         * not called, and the protocol only packs what is sent. The call's connection is the sender, a connection-less
         * {@link Connection}: the handler's reply and its {@code send}s go back to the sender as one datagram each,
         * {@code close} does nothing, and it has no context. {@code onConnect} and {@code onClose} are never called.
         * With more than one loop each loop binds a socket of its own to the port with SO_REUSEPORT (so the kernel
         * spreads senders over them; another process of the same user could then bind the port too), else one socket
         * serves on one loop. Receive and send buffer sizes and {@link #reusePort} apply to the datagram sockets; the
         * other connection settings have no effect. {@link #build()} refuses a {@link StreamHandler}, TLS, the PROXY
         * protocol, a Unix domain socket address and a handler executor, which need connections.
         */
        public Builder udp() {
            this.udp = true;
            return this;
        }

        /**
         * Longest datagram a UDP server takes, from 1 to 65,535 bytes; a longer one is dropped, logged at most once a
         * second and counted in {@link ServerStats#datagramsDropped()}. Default 65,507, the most an IPv4 datagram
         * carries. Replies are not limited by it.
         */
        public Builder maxDatagramSize(int bytes) {
            if (bytes < 1 || bytes > DatagramEndpoint.MAX_DATAGRAM_SIZE) {
                throw new IllegalArgumentException("maxDatagramSize must be between 1 and "
                        + DatagramEndpoint.MAX_DATAGRAM_SIZE + ": " + bytes);
            }
            this.maxDatagramSize = bytes;
            return this;
        }

        /**
         * Builds the server (it does not start it).
         *
         * @throws IllegalArgumentException when settings contradict each other (the message says which)
         */
        public GevServer build() {
            if (udp) {
                tcpOnly(handler instanceof StreamHandler, "a StreamHandler works on a byte stream: a UDP server hands"
                        + " each datagram to Handler.onMessage");
                tcpOnly(tls != null, "TLS needs TCP: a UDP server cannot serve it (DTLS is not supported)");
                tcpOnly(proxyProtocol != ProxyProtocol.OFF, "the PROXY protocol needs TCP: a UDP server cannot read"
                        + " its header");
                tcpOnly(!(address instanceof InetSocketAddress), "a UDP server needs an IP address, not " + address);
                tcpOnly(handlerExecutor != null, "a UDP server runs its handler on the loops: datagrams have no"
                        + " connection to keep in order on an executor");
            }
            return new GevServer(config(address, false), invoker());
        }

        /**
         * The settings with {@code at} as the address: a server's, or a client's (whose address is unused and whose
         * TLS engines are in client mode).
         */
        ServerConfig config(SocketAddress at, boolean client) {
            if (maxOutboundBytes > 0 && maxOutboundBytes < writeBufferHighWatermark) {
                throw new IllegalArgumentException("maxOutboundBytes (" + maxOutboundBytes
                        + ") must be at least the high watermark (" + writeBufferHighWatermark + ")");
            }
            int loopCount = loops > 0 ? loops : Runtime.getRuntime().availableProcessors();
            return new ServerConfig(at, loopCount, protocol, idleTimeout,
                    reusePort, loadBalancer != null ? loadBalancer : LoadBalancer.roundRobin(), timerTick,
                    timerWheelSize, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, backlog,
                    writeBufferLowWatermark, writeBufferHighWatermark, maxOutboundBytes, overflowPolicy,
                    partialFrameTimeout, stallThreshold, proxyProtocol, trustedProxies,
                    tls == null ? null : new TlsEngineFactory(tls, client), shutdownTimeout, maxConnections,
                    maxConnectionsPerIp, tls != null && refusalMessage != null ? new byte[0] : refusalMessage, udp,
                    maxDatagramSize);
        }

        /** Where the handler will be called. */
        HandlerInvoker invoker() {
            return new HandlerInvoker(handler, handlerExecutor, maxPendingPerConnection);
        }

        private static void tcpOnly(boolean asked, String why) {
            if (asked) {
                throw new IllegalArgumentException(why);
            }
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}
