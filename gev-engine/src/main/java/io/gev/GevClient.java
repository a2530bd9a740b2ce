package io.gev;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Dials TCP connections (or Unix domain socket ones) onto gev's event loops: a server's own loops, so that a proxy or
 * a gateway talks to its upstreams without threads of its own, or loops the client runs itself. A dialled connection
 * is an ordinary {@link Connection}, framed by the client's {@link Protocol} and handled by its {@link Handler}, with
 * the same threading, back-pressure and close behaviour as an accepted one.
 *
 * <pre>{@code
 * GevClient upstream = GevClient.builder(relay).loopsOf(server).connectTimeout(Duration.ofSeconds(2)).build();
 * upstream.connect(new InetSocketAddress("10.0.0.5", 6379), downstream)   // on downstream's loop
 *         .thenAccept(up -> downstream.setContext(up));
 * }</pre>
 *
 * <p>With {@link Builder#reconnect reconnection}, a connection that closes other than by {@link Connection#close()}
 * (the peer went away, an I/O error) is dialled again with a backoff, and the handler's {@code onConnect} hears of
 * each new one. Thread safe.
 */
public final class GevClient implements AutoCloseable {

    private final Settings settings;
    private final GevServer server;
    private final EventLoopGroup ownLoops;
    private volatile boolean closed;

    private GevClient(Settings settings, GevServer server, EventLoopGroup ownLoops) {
        this.settings = settings;
        this.server = server;
        this.ownLoops = ownLoops;
    }

    /** Starts building a client whose connections are handled by {@code handler}. Thread safe. */
    public static Builder builder(Handler handler) {
        return new Builder(handler);
    }

    /**
     * Dials {@code remote} on one of the loops, in turn. The future completes (on that loop) once the connection is
     * registered and {@code onConnect} was called (on the handler executor, if any, it may still be running); it
     * fails when the connect fails or times out (with a {@link LocalConnectException} when the failure is this side's:
     * no socket or local port to be had), or, with reconnection, only when the client closes first.
     * Thread safe.
     *
     * @throws IllegalStateException when the client is closed, or its server is not running
     */
    public CompletableFuture<Connection> connect(SocketAddress remote) {
        return dial(remote, loops().next());
    }

    /**
     * Like {@link #connect(SocketAddress)}, on the loop of {@code near}: a connection of this client's loops (of its
     * server, say), so that the two talk without crossing threads. Thread safe.
     *
     * @throws IllegalArgumentException when {@code near} is not on this client's loops
     */
    public CompletableFuture<Connection> connect(SocketAddress remote, Connection near) {
        EventLoopGroup group = loops();
        if (!(near instanceof TcpConnection tcp) || !group.loops().contains(tcp.loop())) {
            throw new IllegalArgumentException(near + " is not a connection on this client's loops");
        }
        return dial(remote, tcp.loop());
    }

    private CompletableFuture<Connection> dial(SocketAddress remote, EventLoop loop) {
        Objects.requireNonNull(remote, "remote");
        if (closed) {
            throw new IllegalStateException("gev client is closed");
        }
        Connector connector = new Connector(settings, loop, remote);
        settings.connectors.add(connector);
        return connector.start();
    }

    private EventLoopGroup loops() {
        if (ownLoops != null) {
            return ownLoops;
        }
        EventLoopGroup group = server.eventLoops();
        if (group == null || !server.isRunning()) {
            throw new IllegalStateException("gev client: its server is not running");
        }
        return group;
    }

    /** Remotes the client still dials or holds a connection to. Thread safe. */
    int activeConnectors() {
        return settings.connectors.size();
    }

    /** Totals of this client's connections: {@code connectionsAccepted} counts those it made. Thread safe. */
    public ServerStats stats() {
        return settings.stats;
    }

    /**
     * Stops dialling and closes the client's connections gracefully (their queued output is written first). A client
     * with loops of its own stops them and waits, at most the shutdown timeout; on a server's loops the closing
     * goes on there. Idempotent. Thread safe.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connector connector : settings.connectors) {
            connector.stop();
        }
        if (ownLoops != null) {
            ownLoops.stop(settings.config.closeTimeout());
        }
    }

    @Override
    public String toString() {
        return "GevClient[" + (ownLoops != null ? ownLoops.size() + " loop(s) of its own" : "on " + server)
                + (closed ? ", closed" : "") + "]";
    }

    /** What the client's connectors share: settings, handler, counters, and the connectors alive. Thread safe. */
    static final class Settings {

        private final ConnectionConfig config;
        private final HandlerInvoker invoker;
        private final Duration connectTimeout;
        private final Duration reconnectInitialDelay;
        private final Duration reconnectMaxDelay;
        private final ServerCounters stats = new ServerCounters();
        private final Map<EventLoop, LoopCounters> perLoop = new ConcurrentHashMap<>();
        private final Set<Connector> connectors = ConcurrentHashMap.newKeySet();

        private Settings(ConnectionConfig config, HandlerInvoker invoker, Duration connectTimeout,
                Duration reconnectInitialDelay, Duration reconnectMaxDelay) {
            this.config = config;
            this.invoker = invoker;
            this.connectTimeout = connectTimeout;
            this.reconnectInitialDelay = reconnectInitialDelay;
            this.reconnectMaxDelay = reconnectMaxDelay;
        }

        ConnectionConfig config() {
            return config;
        }

        HandlerInvoker invoker() {
            return invoker;
        }

        ServerCounters stats() {
            return stats;
        }

        Duration connectTimeout() {
            return connectTimeout;
        }

        boolean reconnects() {
            return reconnectInitialDelay != null;
        }

        Duration reconnectInitialDelay() {
            return reconnectInitialDelay;
        }

        Duration reconnectMaxDelay() {
            return reconnectMaxDelay;
        }

        /** The counters the client's connections keep on {@code loop}, made on the loop's first connection. */
        LoopCounters countersOf(EventLoop loop) {
            LoopCounters counters = perLoop.get(loop);
            if (counters == null) {
                synchronized (this) {
                    counters = perLoop.computeIfAbsent(loop, l -> new LoopCounters());
                    stats.attach(List.copyOf(perLoop.values()), new ConnectionLimits(0, 0));
                }
            }
            return counters;
        }

        /** A connector is done: it dials no more and its connection closed. */
        void forget(Connector connector) {
            connectors.remove(connector);
        }
    }

    /**
     * Settings of a {@link GevClient}; every one has a default. The settings a connection shares with an accepted one
     * are checked as {@link GevServer.Builder} checks them, and mean the same. Not thread safe.
     */
    public static final class Builder {

        private final Handler handler;
        private final ConnectionConfig.Builder connection = new ConnectionConfig.Builder();
        private int loops = 1;
        private GevServer server;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectInitialDelay;
        private Duration reconnectMaxDelay;

        private Builder(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * Dials onto {@code server}'s event loops (the default is loops of the client's own, see {@link #loops}).
         * The server must be running when the client connects; its connections close when the server stops.
         */
        public Builder loopsOf(GevServer server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /** Event loops of the client's own, unless it uses a server's ({@link #loopsOf}); 0 or less: one. Default 1. */
        public Builder loops(int loops) {
            this.loops = Math.max(1, loops);
            return this;
        }

        /** Longest a connect may take; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Check.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Dials again after a failed connect or a connection that closed other than by {@link Connection#close()},
         * waiting {@code initialDelay}, doubled after each failure up to {@code maxDelay} (±20 % jitter). Off by
         * default.
         */
        public Builder reconnect(Duration initialDelay, Duration maxDelay) {
            this.reconnectInitialDelay = Check.positive(initialDelay, "initialDelay");
            this.reconnectMaxDelay = Check.positive(maxDelay, "maxDelay");
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
            }
            return this;
        }

        /** Framing of messages; default {@link Protocol#raw()}. */
        public Builder protocol(Protocol protocol) {
            connection.protocol(protocol);
            return this;
        }

        /** See {@link GevServer.Builder#idleTimeout}; default off. */
        public Builder idleTimeout(Duration idleTimeout) {
            connection.idleTimeout(idleTimeout);
            return this;
        }

        /** See {@link GevServer.Builder#partialFrameTimeout}; default 30 s. */
        public Builder partialFrameTimeout(Duration partialFrameTimeout) {
            connection.partialFrameTimeout(partialFrameTimeout);
            return this;
        }

        /** See {@link GevServer.Builder#writeBufferWatermark}; default 32 KiB / 64 KiB. */
        public Builder writeBufferWatermark(int low, int high) {
            connection.writeBufferWatermark(low, high);
            return this;
        }

        /** See {@link GevServer.Builder#maxOutboundBytes}; default 64 MiB, then close. */
        public Builder maxOutboundBytes(int maxBytes, OverflowPolicy policy) {
            connection.maxOutboundBytes(maxBytes, policy);
            return this;
        }

        /**
         * SO_RCVBUF in bytes of the client's sockets, set before they connect so that the window scales; 0 (the
         * default) keeps the operating system's, which grows with the traffic.
         */
        public Builder receiveBufferSize(int bytes) {
            connection.receiveBufferSize(bytes);
            return this;
        }

        /** SO_SNDBUF in bytes of the client's sockets; 0 (the default) keeps the operating system's. */
        public Builder sendBufferSize(int bytes) {
            connection.sendBufferSize(bytes);
            return this;
        }

        /** See {@link GevServer.Builder#handlerExecutor}; default: handlers run on the loops. */
        public Builder handlerExecutor(Executor executor) {
            connection.handlerExecutor(executor);
            return this;
        }

        /** See {@link GevServer.Builder#maxPendingPerConnection}; default 1024. */
        public Builder maxPendingPerConnection(int maxPending) {
            connection.maxPendingPerConnection(maxPending);
            return this;
        }

        /**
         * Speaks TLS on every connection: the client sends its hello at once, checks the server's certificate
         * against the context's trust and the name it dialled (as HTTPS does), and presents the context's own key
         * if the server asks for one; the handler hears of a connection once the handshake is done, and a failed
         * handshake fails the connect. Null (the default): plain TCP.
         */
        public Builder tls(TlsOptions tls) {
            connection.tls(tls);
            return this;
        }

        /** See {@link GevServer.Builder#shutdownTimeout}: the longest wait for output on close; default 10 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            connection.closeTimeout(shutdownTimeout);
            return this;
        }

        /**
         * Builds the client; with loops of its own, they start now.
         *
         * @throws IllegalArgumentException when settings contradict each other (the message says which)
         */
        public GevClient build() {
            ConnectionConfig config = connection.build(true);
            Settings settings = new Settings(config, connection.invoker(handler), connectTimeout,
                    reconnectInitialDelay, reconnectMaxDelay);
            ConnectionPathPrimer.prime(config, Connector.class, LocalConnectException.class);
            EventLoopGroup own = null;
            if (server == null) {
                own = new EventLoopGroup(new LoopConfig(loops, GevServer.DEFAULT_TIMER_TICK,
                        GevServer.DEFAULT_TIMER_WHEEL_SIZE), "gev-client-");
                own.start();
            }
            return new GevClient(settings, server, own);
        }
    }
}
