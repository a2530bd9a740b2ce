package io.gev;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on its event loop, accepted or dialled: its identity and addresses, the public {@link Connection}
 * methods, and the dispatch of its socket's readiness. The byte path itself is in its collaborators, one concept each:
 * the {@link InboundPath} (reading, the {@link Preamble}, unpacking and handling), the {@link OutboundBuffer} (packing,
 * batching, writing, watermarks and the outbound limit, flush callbacks), the {@link ReadGate} (every reason reading
 * is off, and the selector interest), the {@link CloseSequence} (graceful close, half-close, linger, failures) and the
 * {@link ConnectionTimers} (idle check and the user's timers). Its {@link Phase} says where it is in its life.
 *
 * <p>The {@link Connection} methods are thread safe: on the loop they act at once, elsewhere they are queued to it.
 * Everything else runs in loop.
 */
final class TcpConnection implements Connection, Selectable {

    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    /** Reads {@link #phase} from other threads: it is written on the loop only, and read there plainly. */
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(TcpConnection.class, "phase", Phase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final ConnectionOwner owner;
    /** What the byte path reads and writes: the socket, or TLS over it. */
    private final Transport transport;
    /** The socket's own peer, whatever a PROXY header says: what the connection limits count. */
    private final SocketAddress socketPeer;
    /** What the connection reports; a PROXY header may replace them with its client's and the address it dialled. */
    private volatile SocketAddress peer;
    private volatile SocketAddress local;
    /** The handler's calls waiting for the handler executor; null when the handler runs on the loop. */
    private final HandlerQueue handlerQueue;
    private final ReadGate gate;
    private final InboundPath inbound;
    private final OutboundBuffer outbound;
    private final CloseSequence closing;
    private final ConnectionTimers timers;
    private Phase phase;
    private volatile Object context;
    private volatile Object protocolContext;

    /**
     * A connection of {@code channel} for {@code owner} on {@code loop}; a {@code refused} one never reaches the
     * handler. It starts in the first phase of its preamble ({@link Phase#OPEN} without one: the handler hears of it
     * when it {@link #open opens}). It is not registered yet: see {@link #open}. In loop.
     */
    TcpConnection(EventLoop loop, SocketChannel channel, ConnectionOwner owner, boolean refused) {
        ConnectionConfig config = owner.config();
        this.loop = loop;
        this.owner = owner;
        this.socketPeer = Sockets.remoteAddress(channel);
        this.peer = socketPeer;
        this.local = Sockets.localAddress(channel);
        SocketTransport socket = new SocketTransport(channel, owner.counters(loop));
        this.transport = config.tls() == null || refused ? socket
                : new TlsTransport(socket, config.tls().newEngine(socketPeer), loop.buffers());
        this.handlerQueue = refused ? null : owner.invoker().newQueue(this);
        this.gate = new ReadGate(owner.invoker().outputHoldsReading());
        this.timers = new ConnectionTimers(this);
        this.closing = new CloseSequence(this);
        this.outbound = new OutboundBuffer(this);
        this.phase = refused ? Phase.CLOSING : Preamble.firstPhase(config, socketPeer);
        this.inbound = new InboundPath(this, refused ? null : Preamble.of(this, phase));
    }

    /**
     * Makes a connection of {@code channel} for {@code owner} and registers it with {@code loop}: the one place where
     * connections are registered, accepted or dialled. A connection with a {@code goodbye} was refused by the
     * connection limits: it gets those bytes and the same careful close as any other, and never reaches the handler.
     * Returns the connection, or null when it could not be registered (it is then closed). In loop.
     */
    static TcpConnection open(EventLoop loop, SocketChannel channel, ConnectionOwner owner, byte[] goodbye) {
        TcpConnection connection = new TcpConnection(loop, channel, owner, goodbye != null);
        try {
            connection.gate.attach(loop.register(channel, SelectionKey.OP_READ, connection));
            if (goodbye == null) {
                connection.timers.start();
                connection.inbound.start();
            } else {
                connection.outbound.queueRaw(goodbye);
                connection.closing.writeOutAndClose();
            }
            return connection;
        } catch (ClosedChannelException | RuntimeException e) {
            owner.counters(loop).increment(LoopCounters.IO_ERRORS);
            log.warn("Cannot open {}: {}", connection, e.toString());
            connection.closeNow();
            return null;
        }
    }

    /** The preamble is done (or there was none): the connection is open and the handler hears of it. In loop. */
    void announce() {
        closing.handlerToldOfOpen();
        enter(Phase.OPEN);
        invoker().onConnect(this, config().protocol());
        owner.opened(this);
    }

    /** The loop that owns the connection. Thread safe. */
    EventLoop loop() {
        return loop;
    }

    /** What the connection belongs to: the server that accepted it, or a client's connector. Thread safe. */
    ConnectionOwner owner() {
        return owner;
    }

    /** The connection's settings. Thread safe. */
    ConnectionConfig config() {
        return owner.config();
    }

    /** Where the connection's handler is called. Thread safe. */
    HandlerInvoker invoker() {
        return owner.invoker();
    }

    /** The counters this connection keeps on its loop. Thread safe. */
    LoopCounters counters() {
        return owner.counters(loop);
    }

    /** The queue of handler calls on the handler executor, or null when the handler runs on the loop. Thread safe. */
    HandlerQueue handlerQueue() {
        return handlerQueue;
    }

    /** What the byte path reads and writes: the socket, or TLS over it. Thread safe (its use is in loop). */
    Transport transport() {
        return transport;
    }

    /** The socket's own peer, whatever a PROXY header said: what the connection limits count. Thread safe. */
    SocketAddress socketPeer() {
        return socketPeer;
    }

    /** Reports {@code source} and {@code destination} from now on: what a PROXY header said. In loop. */
    void reportAddresses(SocketAddress source, SocketAddress destination) {
        this.peer = source;
        this.local = destination;
    }

    /** Every reason reading is off, and the selector interest. Thread safe (its use is in loop). */
    ReadGate gate() {
        return gate;
    }

    /** The way in. Thread safe (its use is in loop). */
    InboundPath inbound() {
        return inbound;
    }

    /** The way out. Thread safe (its use is in loop). */
    OutboundBuffer outbound() {
        return outbound;
    }

    /** How the connection ends. Thread safe (see its methods). */
    CloseSequence closing() {
        return closing;
    }

    /** The connection's clocks and timers. Thread safe (its use is in loop). */
    ConnectionTimers timers() {
        return timers;
    }

    /** Where the connection is in its life. In loop. */
    Phase phase() {
        return phase;
    }

    /** Moves the connection to {@code next}. In loop. */
    void enter(Phase next) {
        PHASE.setOpaque(this, next);
    }

    /** Whether the handler heard of the connection (its PROXY header and TLS handshake, if any, were done). In loop. */
    boolean isAnnounced() {
        return closing.isHandlerToldOfOpen();
    }



    /** Sets the selector interest from the read gate and the output waiting. In loop. */
    void updateInterest() {
        gate.apply(phase, outbound.pending() > 0);
    }

    /** A snapshot for monitoring. In loop. */
    ConnectionInfo describe() {
        return new ConnectionInfo(peer, local, timers.age(), inbound.length(), writeBufferLength(), loop.index());
    }

    // ------------------------------------------------------------------------------------------------ Selectable

    /** The socket is ready: output first (it may lift back-pressure), then input. In loop. */
    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            outbound.onWritable();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && gate.isValid()) {
            if (phase == Phase.LINGERING) {
                closing.discardUntilPeerCloses();
            } else if (phase.isLive()) {
                inbound.onReadable();
            }
        }
    }

    /** The loop shuts down: what was read is handled, the protocol may say goodbye, then a graceful close. In loop. */
    @Override
    public void shutdown() {
        closing.closeForServerStop();
    }

    /** Closes at once, dropping queued output. In loop. */
    @Override
    public void closeNow() {
        closing.closeNow();
    }

    // ------------------------------------------------------------------------------------------------ Connection

    @Override
    public void send(Object message) {
        send(message, null);
    }

    @Override
    public void send(Object message, Runnable onFlushed) {
        if (loop.inLoop()) {
            outbound.write(message, onFlushed); // no task on the loop: a reply allocates nothing here
        } else {
            loop.execute(() -> outbound.write(message, onFlushed));
        }
    }

    @Override
    public void close() {
        closing.requestClose();
    }

    @Override
    public void shutdownWrite() {
        loop.runInLoop(closing::shutdownWrite);
    }

    @Override
    public void suspendReading() {
        loop.runInLoop(() -> inbound.holdOff(ReadGate.SUSPENDED));
    }

    @Override
    public void resumeReading() {
        loop.runInLoop(() -> inbound.letGo(ReadGate.SUSPENDED));
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void setContext(Object context) {
        this.context = context;
    }

    @Override
    public Object protocolContext() {
        return protocolContext;
    }

    @Override
    public void setProtocolContext(Object protocolContext) {
        this.protocolContext = protocolContext;
    }

    @Override
    public SocketAddress peerAddress() {
        return peer;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isConnected() {
        return PHASE.getOpaque(this) != Phase.CLOSED;
    }

    @Override
    public int readBufferLength() {
        return inbound.length();
    }

    @Override
    public int writeBufferLength() {
        return outbound.pending();
    }

    @Override
    public boolean isWritable() {
        return outbound.isWritable();
    }

    @Override
    public SSLSession sslSession() {
        return transport.session();
    }

    @Override
    public Timer runAfter(Duration delay, Runnable task) {
        return loop.timers().runAfter(delay, task, timers);
    }

    @Override
    public Timer runEvery(Duration period, Runnable task) {
        return loop.timers().runEvery(period, task, timers);
    }

    @Override
    public String toString() {
        return "Connection[" + peer + " -> " + local + "]";
    }
}
