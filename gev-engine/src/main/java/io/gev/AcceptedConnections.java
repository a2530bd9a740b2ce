package io.gev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server's side of its connections (or a Unix domain socket server's): the {@link Acceptor} hands each accepted
 * socket here, which gives it its socket options, asks the {@link LoadBalancer} for a loop and the
 * {@link ConnectionLimits} for a place, and hands it to that loop, or refuses it (the refusal message, if any, then a
 * careful close; the handler never sees it). As the {@link ConnectionOwner} of what it accepted it gives each its
 * settings, handler and counters, describes them for monitoring, keeps the counts the balancer sees, and gives
 * a closed connection's place back.
 *
 * <p>{@link #accept} runs on the acceptor thread; methods say whether they are thread safe or in loop.
 */
final class AcceptedConnections implements Listener, ConnectionOwner, LoadBalancer.Loops {

    private static final Logger log = LoggerFactory.getLogger(AcceptedConnections.class);

    private final ListenOptions listen;
    private final ConnectionConfig config;
    private final HandlerInvoker invoker;
    private final Admission admission;
    /** The memory budget of the connections' buffers, or null: none. */
    private final MemoryBudget budget;
    /** The owner of refused connections: the same settings, nothing counted when they close. */
    private final ConnectionOwner refusals;
    private EventLoopGroup loops;
    private ServerCounters counters;
    private Acceptor acceptor;
    /** Per loop: connections open or being handed to it. */
    private AtomicIntegerArray counts;

    AcceptedConnections(ListenOptions listen, ConnectionConfig config, HandlerInvoker invoker) {
        this.listen = listen;
        this.config = config;
        this.invoker = invoker;
        this.admission = new Admission(listen);
        this.refusals = new Refusals(config, invoker);
        this.budget = listen.maxBufferedBytes() > 0 ? new MemoryBudget(listen.maxBufferedBytes()) : null;
    }

    @Override
    public SocketAddress bind(EventLoopGroup group, ServerCounters serverCounters) {
        this.loops = group;
        this.counters = serverCounters;
        this.counts = new AtomicIntegerArray(group.size());
        serverCounters.attach(group.counters(), admission.limits());
        if (budget != null) {
            budget.attach(group, this::connectionsOn);
            serverCounters.attach(budget);
        }
        ConnectionPathPrimer.prime(config);
        acceptor = new Acceptor(listen, config.socket().receiveBufferSize(), this::accept, serverCounters,
                group.threadName("acceptor"));
        return acceptor.boundAddress();
    }

    @Override
    public void start() {
        acceptor.start();
    }

    @Override
    public void stop() throws InterruptedException {
        acceptor.stop();
    }

    /** The settings of the connections, TLS included. Thread safe. */
    ConnectionConfig connectionConfig() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ admission

    /** Admits or refuses a socket the acceptor accepted. On the acceptor thread. */
    private void accept(SocketChannel accepted) {
        try {
            config.socket().configure(accepted, listen.address() instanceof InetSocketAddress, false);
            SocketAddress remote = accepted.getRemoteAddress();
            EventLoop loop = loops.loops().get(Math.floorMod(listen.loadBalancer().select(this, remote), size()));
            boolean proxied = config.proxyProtocol() != ProxyProtocol.OFF && config.trustsProxy(remote);
            RefusalReason refusal = admission.atAccept(remote, proxied);
            if (refusal != null) {
                refuse(accepted, remote, refusal);
                return;
            }
            counters.accepted.increment();
            counts.incrementAndGet(loop.index());
            loop.execute(() -> open(loop, accepted));
        } catch (IOException | RuntimeException e) {
            counters.acceptErrors.increment();
            log.debug("gev: dropping an accepted connection: {}", e.toString());
            Sockets.closeQuietly(accepted);
        }
    }

    /**
     * Refuses an accepted socket: at once (an accept and a close, nothing more) when the access list or the rate
     * refused its client, or with the refusal message when a connection limit did.
     */
    private void refuse(SocketChannel accepted, SocketAddress remote, RefusalReason refusal) {
        log.debug("gev: refused {}: {}", remote, refusal.tag());
        byte[] goodbye = listen.refusalMessage();
        if (goodbye == null || refusal == RefusalReason.ACCESS || refusal == RefusalReason.RATE) {
            Sockets.closeQuietly(accepted);
        } else {
            EventLoop loop = loops.next();
            // with TLS the words could only follow a handshake: nothing is said, but the close is as careful
            byte[] words = config.tls() == null ? goodbye : new byte[0];
            loop.execute(() -> TcpConnection.open(loop, accepted, refusals, words));
        }
    }

    private void open(EventLoop loop, SocketChannel channel) {
        if (!loop.isRunning()) {
            counts.decrementAndGet(loop.index());
            admission.release(Sockets.remoteAddress(channel));
            Sockets.closeQuietly(channel);
            return;
        }
        TcpConnection.open(loop, channel, this, null);
    }

    // ------------------------------------------------------------------------------------------------ owner

    @Override
    public ConnectionConfig config() {
        return config;
    }

    @Override
    public HandlerInvoker invoker() {
        return invoker;
    }

    @Override
    public LoopCounters counters(EventLoop loop) {
        return loop.counters();
    }

    /** A connection closed: its place under the limits is free again. In loop. */
    @Override
    public void closed(TcpConnection connection) {
        EventLoop loop = connection.loop();
        counts.decrementAndGet(loop.index());
        loop.counters().increment(LoopCounters.CONNECTIONS_CLOSED);
        admission.release(connection.socketPeer());
    }

    /** The client a trusted PROXY header named: judged by the access list and the rate. In loop. */
    @Override
    public RefusalReason admitProxied(SocketAddress client) {
        return admission.screen(client);
    }

    /** The server's memory budget counts what {@code connection}'s buffers hold. In loop. */
    @Override
    public void buffered(TcpConnection connection, long delta) {
        if (budget != null) {
            budget.add(connection, delta);
        }
    }

    // ------------------------------------------------------------------------------------------------ monitoring

    @Override
    public int size() {
        return counts.length();
    }

    @Override
    public int connectionCount(int index) {
        return counts.get(index);
    }

    @Override
    public int connectionCount() {
        int total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    @Override
    public List<ConnectionInfo> describe(EventLoop loop, int limit) {
        List<ConnectionInfo> out = new ArrayList<>();
        for (TcpConnection c : connectionsOn(loop)) {
            if (out.size() >= limit) {
                break;
            }
            out.add(c.describe());
        }
        return out;
    }

    /** The connections this server accepted that are open on {@code loop} (refused ones are not). In loop. */
    private List<TcpConnection> connectionsOn(EventLoop loop) {
        List<TcpConnection> mine = new ArrayList<>();
        for (Selectable s : loop.channels()) {
            if (s instanceof TcpConnection c && c.owner() == this) {
                mine.add(c);
            }
        }
        return mine;
    }

    /**
     * The owner of refused connections: the server's settings, and nothing to count or give back when they close (they
     * were never counted as open).
     */
    private record Refusals(ConnectionConfig config, HandlerInvoker invoker) implements ConnectionOwner {

        @Override
        public LoopCounters counters(EventLoop loop) {
            return loop.counters();
        }

        @Override
        public void closed(TcpConnection connection) {
            // never counted as open, so nothing to give back
        }
    }
}
