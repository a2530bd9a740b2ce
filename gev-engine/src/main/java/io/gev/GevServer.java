package io.gev;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server in reactor mode: one acceptor thread ({@code gev-acceptor}) hands each new connection to one of N event
 * loops ({@code gev-loop-0} ...), which do all of that connection's I/O, framing, handling and timers. A server given
 * a {@link Builder#name name} has it in its thread names ({@code gev-admin-loop-0}) and its log lines. Built with
 * {@link #udpBuilder} it serves datagrams instead: the loops receive them, with no acceptor and no connection.
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

    static final Duration DEFAULT_TIMER_TICK = Duration.ofMillis(1);
    static final int DEFAULT_TIMER_WHEEL_SIZE = 1024;

    private final ServerLabel label;
    private final Protocol protocol;
    private final Map<String, Object> settings;
    private final LoopConfig loopConfig;
    private final Duration stallThreshold;
    private final Duration shutdownTimeout;
    private final Listener listener;
    /** The TLS engines of a TCP server's connections, or null. */
    private final TlsEngineFactory tls;
    private final ServerCounters counters = new ServerCounters();
    private final Object lifecycle = new Object();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile EventLoopGroup group;
    private volatile SocketAddress boundAddress;
    private volatile State state = State.NEW;
    private StallDetector stallDetector;

    private GevServer(ServerBuilder<?> builder, Listener listener, TlsEngineFactory tls, Map<String, Object> settings) {
        this.label = builder.label();
        this.protocol = builder.connection.protocol();
        this.settings = settings;
        this.loopConfig = builder.loopConfig();
        this.stallThreshold = builder.stallThreshold();
        this.shutdownTimeout = builder.connection.closeTimeout();
        this.listener = listener;
        this.tls = tls;
    }

    /** Starts building a TCP (or Unix domain socket) server whose connections {@code handler} handles. Thread safe. */
    public static Builder builder(Handler handler) {
        return new Builder(handler);
    }

    /** Starts building a UDP server: each datagram {@code handler} gets is a message from its sender. Thread safe. */
    public static UdpBuilder udpBuilder(Handler handler) {
        return new UdpBuilder(handler);
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
            EventLoopGroup loops = new EventLoopGroup(loopConfig, label.threadPrefix());
            SocketAddress bound;
            try {
                bound = listener.bind(loops, counters);
            } catch (RuntimeException e) {
                state = State.TERMINATED;
                terminated.countDown();
                throw e instanceof UncheckedIOException io ? new UncheckedIOException(label.about(io.getMessage()),
                        io.getCause()) : e;
            }
            loops.start();
            listener.start();
            if (!stallThreshold.isZero()) {
                stallDetector = new StallDetector(loops.loops(), stallThreshold, counters.stalls,
                        loops.threadName("stall-detector"));
                stallDetector.start();
            }
            this.group = loops;
            this.boundAddress = bound;
            this.state = State.RUNNING;
            log.info("{} listening on {}{} with {} loop(s)", label, isUdp() ? "udp " : "", Sockets.describe(bound),
                    loopConfig.count());
        }
    }

    /**
     * Stops accepting, closes every connection after writing out its queued output (for at most the shutdown
     * timeout; then the rest are cut) and ends the loops. Returns when every gev thread has ended; called from a
     * handler (on a loop thread) it only starts the shutdown, on a thread named {@code gev-shutdown} (or
     * {@code gev-<name>-shutdown}). Idempotent. Thread safe.
     */
    public void stop() {
        stop(shutdownTimeout);
    }

    /** Like {@link #stop()}, draining for at most {@code drainTimeout} instead of the shutdown timeout. Thread safe. */
    public void stop(Duration drainTimeout) {
        EventLoopGroup g = group;
        if (g != null && g.isLoopThread(Thread.currentThread())) {
            new Thread(() -> stop(drainTimeout), label.threadPrefix() + "shutdown").start();
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
                listener.stop();
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
                log.info("{} on {} stopped", label, Sockets.describe(boundAddress));
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
        if (tls == null) {
            throw new IllegalStateException("gev server was built without TLS");
        }
        tls.update(Objects.requireNonNull(sslContext, "sslContext"));
        log.info("{} on {}: TLS context replaced; new connections use it", label, Sockets.describe(boundAddress));
    }

    /** The name given to {@link Builder#name}, shown in log lines and thread names; null without one. Thread safe. */
    public String name() {
        return label.name();
    }

    /** The effective settings by the builder's names (framing, loops, limits, timeouts), for people. Thread safe. */
    public Map<String, Object> settings() {
        return settings;
    }

    /**
     * The framing of the server's connections (a UDP server's packs what it sends), for a client that speaks it: the
     * same instance, which keeps its per-connection state in each connection. Thread safe.
     */
    public Protocol protocol() {
        return protocol;
    }

    /** Whether connections are served over TLS. Thread safe. */
    public boolean isTls() {
        return tls != null;
    }

    /** Whether the server serves datagrams (see {@link #udpBuilder}) rather than connections. Thread safe. */
    public boolean isUdp() {
        return listener instanceof DatagramListener;
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

    /** Where the server is in its life. Thread safe. */
    public State state() {
        return state;
    }

    /** The loops while the server runs (clients dial onto them), else null. Thread safe. */
    EventLoopGroup eventLoops() {
        return group;
    }

    /** Number of event loops the server runs. Thread safe. */
    public int loopCount() {
        return loopConfig.count();
    }

    /** The configured longest wait for queued output on close and stop. Thread safe. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** A snapshot of each event loop (empty before {@link #start()}). Thread safe. */
    public List<LoopInfo> loopInfo() {
        EventLoopGroup g = group;
        if (g == null) {
            return List.of();
        }
        List<LoopInfo> out = new ArrayList<>(g.size());
        for (EventLoop loop : g.loops()) {
            out.add(new LoopInfo(loop.index(), loop.thread().getName(), loop.isAlive(),
                    listener.connectionCount(loop.index()), loop.pendingTasks()));
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
        return g.gather(loop -> listener.describe(loop, limit), limit, Duration.ofSeconds(1));
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
        return group == null ? 0 : listener.connectionCount();
    }

    /** Running totals since start. Thread safe. */
    public ServerStats stats() {
        return counters;
    }

    /** Runs {@code task} once after {@code delay} on one of the loops (it must not block). Thread safe. */
    public Timer runAfter(Duration delay, Runnable task) {
        return timerLoop().timers().runAfter(delay, task, null);
    }

    /**
     * Runs {@code task} every {@code period} on one of the loops (it must not block) until cancelled or stopped.
     * Thread safe.
     */
    public Timer runEvery(Duration period, Runnable task) {
        return timerLoop().timers().runEvery(period, task, null);
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
        return "GevServer[" + state + (a == null ? "" : " " + Sockets.describe(a)) + "]";
    }

    /**
     * Settings of a TCP server (or a Unix domain socket one, see {@link #address(SocketAddress)}); every one has a
     * default, each setter checks its value (an {@link IllegalArgumentException} names the setting), and
     * {@link #build()} checks them together. Not thread safe.
     */
    public static final class Builder extends TcpServerBuilder {

        private Builder(Handler handler) {
            super(handler);
        }

        /**
         * Builds the server (it does not start it).
         *
         * @throws IllegalArgumentException when settings contradict each other (the message says which)
         */
        public GevServer build() {
            ConnectionConfig config = connection.build(false);
            ListenOptions listen = listenOptions();
            return new GevServer(this, new AcceptedConnections(listen, config, connection.invoker(handler)),
                    config.tls(), ServerSettings.tcp(this, listen, config));
        }
    }

    /**
     * Settings of a UDP server: each datagram received is one {@link Handler#onMessage} call, with a null context
     * and the datagram's payload as the message; the protocol only packs what is sent. The call's connection is the
     * sender, a connection-less {@link Connection}: the handler's reply and its {@code send}s go back to the sender as
     * one datagram each, {@code close} does nothing, {@code onConnect} and {@code onClose} are never called. With more
     * than one loop each loop binds a socket of its own to the port with SO_REUSEPORT (so the kernel spreads senders
     * over them; another process of the same user could then bind the port too), else one socket serves on one loop.
     * Every setting has a default. Not thread safe.
     */
    public static final class UdpBuilder extends ServerBuilder<UdpBuilder> {

        private int maxDatagramSize = 65_507;

        private UdpBuilder(Handler handler) {
            super(handler);
        }

        /** Where to listen; port 0 picks a free port (see {@link GevServer#port()}). */
        public UdpBuilder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Longest datagram taken, from 1 to 65,535 bytes; a longer one is dropped, logged at most once a second and
         * counted in {@link ServerStats#datagramsDropped()}. Default 65,507, the most an IPv4 datagram carries.
         * Replies are not limited by it.
         */
        public UdpBuilder maxDatagramSize(int bytes) {
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
         * @throws IllegalArgumentException for a {@link StreamHandler}, which needs a byte stream
         */
        public GevServer build() {
            if (handler instanceof StreamHandler) {
                throw new IllegalArgumentException("a StreamHandler works on a byte stream: a UDP server hands each"
                        + " datagram to Handler.onMessage");
            }
            DatagramOptions options = new DatagramOptions((InetSocketAddress) address, reusePort,
                    connection.datagramSocketOptions(), maxDatagramSize, connection.protocol());
            return new GevServer(this, new DatagramListener(options, connection.invoker(handler)), null,
                    ServerSettings.udp(this, options, connection.closeTimeout()));
        }
    }
}
