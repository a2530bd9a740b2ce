package io.gev;

import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on its event loop: the byte path socket → {@link Transport} (TLS, if any) → inbound buffer →
 * {@link Protocol#unpack} → handler → {@link Protocol#pack} → transport → socket, output queuing with watermarks,
 * half-close and close. A PROXY protocol header, then a TLS handshake, come before the handler hears of it.
 *
 * <p>Replies produced while one read is processed are gathered in the loop's write buffer and leave in one write; a
 * send outside of that goes straight to the socket when nothing is queued. Only bytes the socket would not take are
 * kept in the connection's own buffers, which are released when they empty, so an idle connection holds no array.
 *
 * <p>Public methods are thread safe; everything else runs in loop.
 */
final class TcpConnection implements Connection, Selectable {

    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    /**
     * Most bytes offered to the socket in one call. The JDK copies heap bytes through a per-thread cached direct buffer
     * of the size offered; this bounds that cache however large a message is.
     */
    static final int MAX_WRITE_CHUNK = 256 * 1024;

    /** Longest wait for the peer to close after gev half-closed a connection it is closing. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final ConnectionOwner owner;
    private final LoopCounters counters;
    /** The socket as a transport: the PROXY protocol header and lingering input are read from it directly. */
    private final SocketTransport socket;
    /** What the byte path reads and writes: the socket, or TLS over it. */
    private Transport transport;
    private final ServerConfig config;
    private final HandlerInvoker invoker;
    /** The handler's calls waiting for the handler executor; null when the handler runs on the loop. */
    private final HandlerQueue handlerQueue;
    /** The socket's own peer, which the connection limits count. */
    private final SocketAddress socketPeerAddress;
    /** What {@link #peerAddress()} and {@link #localAddress()} report: a PROXY protocol header may replace them. */
    private volatile SocketAddress peerAddress;
    private volatile SocketAddress localAddress;
    private final long openedNanos = System.nanoTime();
    private final RingBuffer inbound = new RingBuffer();
    private final RingBuffer outbound = new RingBuffer();

    private SelectionKey key;
    private int interestOps;
    private int state = OPEN;
    private volatile boolean connected = true;
    private volatile Object context;
    private volatile Object protocolContext;
    /** Whether the handler was told of this connection, and so must be told of its close. */
    private boolean announced;
    /** Reading the PROXY protocol header, which comes before anything the protocol sees. */
    private boolean awaitingProxyHeader;
    /** In the TLS handshake, which comes after the PROXY header and before anything the protocol sees. */
    private boolean awaitingHandshake;
    private boolean processing;
    /** Output above the high watermark: reading and decoding stop, and the connection is not writable. */
    private boolean readPaused;
    /** More messages wait for the handler executor than allowed: reading and decoding stop until it catches up. */
    private boolean handlerBacklogged;
    /** What happens (a close) once the handler executor handled every message given to it; null if nothing waits. */
    private Runnable whenHandled;
    /** {@link #suspendReading()} was called. */
    private boolean readingSuspended;
    /** The user asked to close the connection (a client does not dial again then). */
    private volatile boolean closeRequested;
    private volatile boolean writable = true;
    /** Decoding what was read although output is above the high watermark: the server is stopping. */
    private boolean draining;
    private boolean shutdownWriteRequested;
    private boolean outputShutdown;
    /** Closing, all output written, discarding the peer's input until it closes (see {@link #finishClose()}). */
    private boolean lingering;
    /** Whether the peer closed its side (end of stream was read). */
    private boolean peerClosed;
    private long lastActivityNanos;
    private long lastReadNanos;
    /** Bytes ever queued for output, and bytes ever written: positions for flush callbacks. */
    private long queuedBytes;
    private long flushedBytes;
    private ArrayDeque<PendingFlush> flushCallbacks;
    private ArrayList<WheelTimer> timers;
    private WheelTimer idleTimer;
    private WheelTimer closeTimer;
    /** Watches an incomplete frame for a peer that stopped sending (see checkPartialFrame). */
    private WheelTimer partialFrameTimer;
    private WheelTimer handshakeTimer;

    /** The goodbye of a refused connection (which never reaches the handler), or null for a served one. */
    private final byte[] refusal;

    TcpConnection(EventLoop loop, SocketChannel channel, ConnectionOwner owner, byte[] refusal) {
        this.refusal = refusal;
        this.loop = loop;
        this.channel = channel;
        this.owner = owner;
        this.config = owner.config();
        this.invoker = owner.invoker();
        this.counters = owner.counters(loop);
        this.socket = new SocketTransport(channel, counters);
        this.transport = socket;
        this.handlerQueue = refusal == null ? invoker.newQueue(this) : null;
        this.socketPeerAddress = addressOf(channel, true);
        this.peerAddress = socketPeerAddress;
        this.localAddress = addressOf(channel, false);
    }

    /**
     * Registers with the loop's selector and tells the handler, unless a PROXY protocol header or a TLS handshake must
     * come first; a refused connection instead gets its goodbye and the same careful close as any other. In loop.
     */
    void open() throws ClosedChannelException {
        key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        interestOps = SelectionKey.OP_READ;
        lastActivityNanos = loop.now();
        if (refusal != null) {
            outbound.write(refusal);
            closeGracefully();
            return;
        }
        if (config.hasIdleTimeout()) {
            idleTimer = loop.schedule(config.idleTimeout().toNanos(), 0, this::checkIdle, null);
        }
        if (config.tls() != null) {
            TlsTransport tls = new TlsTransport(socket, config.tls().newEngine(socketPeerAddress), loop);
            transport = tls;
            awaitingHandshake = true; // the handler hears of the connection once the handshake is done
            handshakeTimer = loop.schedule(config.tls().options().handshakeTimeout().toNanos(), 0,
                    this::checkHandshake, null);
            if (config.tls().isClient()) {
                startHandshake(tls);
                return;
            }
        }
        if (config.proxyProtocol() != ProxyProtocol.OFF) {
            if (config.trustedProxies().trusts(socketPeerAddress)) {
                awaitingProxyHeader = true; // the handler hears of the connection once its real peer is known
                return;
            }
            if (config.proxyProtocol() == ProxyProtocol.REQUIRED) {
                counters.increment(LoopCounters.PROTOCOL_ERRORS);
                log.warn("{}: not a trusted proxy, and a PROXY protocol header is required; closing", this);
                closeNow();
                return;
            }
        }
        if (!awaitingHandshake) {
            announce();
        }
    }

    private void announce() {
        announced = true;
        invoker.onConnect(this, config.protocol());
        owner.opened(this);
    }

    /** A client speaks first: its hello goes out now, and a write event is asked for if the socket is full. */
    private void startHandshake(TlsTransport tls) {
        try {
            tls.beginHandshake();
            if (transport.pendingBytes() > 0) {
                afterOutput();
            }
        } catch (SSLException e) {
            tlsFailure(e);
        } catch (IOException e) {
            ioFailure(e);
        }
    }

    /**
     * Reads the socket into {@code scratch} and the PROXY protocol header from what came so far, takes the addresses
     * it carries, then hands the bytes behind it to TLS or announces the connection. Returns -1 at end of stream, 1
     * once the header was read and the connection is still open (bytes behind it wait in the inbound buffer or in the
     * TLS transport), else 0. A malformed header closes the connection.
     */
    private int readProxyHeader(RingBuffer scratch) throws IOException {
        if (scratch.readFrom(socket, scratch.capacity()) < 0) {
            return -1;
        }
        inbound.write(scratch);
        scratch.clear();
        ProxyHeaderDecoder.Header header;
        try {
            header = ProxyHeaderDecoder.decode(inbound, config.proxyProtocol() == ProxyProtocol.OPTIONAL);
        } catch (FrameException e) {
            counters.increment(LoopCounters.PROTOCOL_ERRORS);
            log.warn("{}: bad PROXY protocol header, closing the connection: {}", this, e.getMessage());
            closeNow();
            return 0;
        }
        if (header == null) {
            return 0;
        }
        if (header.hasAddresses()) {
            peerAddress = header.source();
            localAddress = header.destination();
        }
        awaitingProxyHeader = false;
        if (transport instanceof TlsTransport tls) {
            tls.preload(inbound);
        } else {
            announce();
        }
        return state == OPEN ? 1 : 0;
    }

    /** The TLS handshake finished: the handler hears of the connection. */
    private void handshakeDone() {
        awaitingHandshake = false;
        loop.cancelInLoop(handshakeTimer);
        handshakeTimer = null;
        counters.increment(LoopCounters.TLS_HANDSHAKES);
        announce();
    }

    private void checkHandshake() {
        handshakeTimer = null;
        if (awaitingHandshake && state == OPEN) {
            counters.increment(LoopCounters.TLS_ERRORS);
            log.info("{}: TLS handshake not done within {}; closing the connection", this,
                    config.tls().options().handshakeTimeout());
            closeNow();
        }
    }

    /** The socket's own peer, whatever a PROXY protocol header said: what the connection limits count. */
    SocketAddress socketPeerAddress() {
        return socketPeerAddress;
    }

    EventLoop loop() {
        return loop;
    }

    LoopCounters counters() {
        return counters;
    }

    ConnectionOwner owner() {
        return owner;
    }

    /** The queue of handler calls on the handler executor, or null when the handler runs on the loop. */
    HandlerQueue handlerQueue() {
        return handlerQueue;
    }

    /** Whether this is a refused connection, which is not counted as open. */
    boolean isRefused() {
        return refusal != null;
    }

    /** A snapshot for monitoring. In loop. */
    ConnectionInfo describe() {
        return new ConnectionInfo(peerAddress, localAddress, Duration.ofNanos(System.nanoTime() - openedNanos),
                inbound.length(), writeBufferLength(), loop.index());
    }

    // ------------------------------------------------------------------------------------------------ public API

    @Override
    public void send(Object message) {
        send(message, null);
    }

    @Override
    public void send(Object message, Runnable onFlushed) {
        if (loop.inLoop()) {
            write(message, onFlushed);
        } else {
            loop.execute(() -> write(message, onFlushed));
        }
    }

    @Override
    public void close() {
        closeRequested = true;
        closeSoon();
    }

    /** Like {@link #close()}, for gev's own reasons (a handler fault). Thread safe. */
    void closeSoon() {
        if (loop.inLoop()) {
            closeGracefully();
        } else {
            loop.execute(this::closeGracefully);
        }
    }

    /** Whether the handler heard of the connection (its PROXY header and TLS handshake, if any, are done). In loop. */
    boolean isAnnounced() {
        return announced;
    }

    /** Whether {@link #close()} was called. Thread safe. */
    boolean isCloseRequested() {
        return closeRequested;
    }

    @Override
    public void suspendReading() {
        inLoop(() -> {
            readingSuspended = true;
            if (state != CLOSED) {
                afterOutput();
            }
        });
    }

    @Override
    public void resumeReading() {
        inLoop(() -> {
            if (readingSuspended && state != CLOSED) {
                readingSuspended = false;
                afterOutput();
                resumeDecoding();
            }
        });
    }

    private void inLoop(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    @Override
    public void shutdownWrite() {
        if (loop.inLoop()) {
            requestShutdownWrite();
        } else {
            loop.execute(this::requestShutdownWrite);
        }
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
        return peerAddress;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public int readBufferLength() {
        return inbound.length();
    }

    @Override
    public int writeBufferLength() {
        return outbound.length() + transport.pendingBytes();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public SSLSession sslSession() {
        return transport.session();
    }

    @Override
    public Timer runAfter(Duration delay, Runnable task) {
        return loop.schedule(delay.toNanos(), 0, task, this);
    }

    @Override
    public Timer runEvery(Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return loop.schedule(period.toNanos(), period.toNanos(), task, this);
    }

    @Override
    public String toString() {
        return "Connection[" + peerAddress + " -> " + localAddress + "]";
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            handleWrite();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && key.isValid()) {
            handleRead();
        }
    }

    /** The socket is readable. */
    private void handleRead() {
        if (lingering) {
            if (discardInput() < 0) {
                closeNow();
            }
            return;
        }
        if (state != OPEN) {
            return;
        }
        lastActivityNanos = loop.now();
        lastReadNanos = lastActivityNanos;
        RingBuffer scratch = loop.readBuffer();
        try {
            boolean headerRead = false;
            if (awaitingProxyHeader) {
                int header = readProxyHeader(scratch);
                if (header < 0) {
                    peerShutdown();
                }
                if (header <= 0) {
                    return;
                }
                headerRead = true;
            }
            do {
                int n = scratch.readFrom(transport, scratch.capacity());
                if (awaitingHandshake && transport.isEstablished()) {
                    handshakeDone();
                }
                if (n > 0 || headerRead) {
                    received(scratch);
                    scratch.clear();
                    headerRead = false;
                }
                if (n < 0 || transport.inputEnded()) {
                    peerShutdown();
                    return;
                }
            } while (transport.hasBufferedInput() && state == OPEN && !readPaused);
            if (transport.pendingBytes() > 0 && state != CLOSED) {
                afterOutput(); // handshake records wait for the socket: ask for a write event
            }
        } catch (SSLException e) {
            tlsFailure(e);
        } catch (IOException e) {
            ioFailure(e);
        } finally {
            scratch.clear();
        }
    }

    /**
     * Handles input that arrived in {@code scratch} (which may be empty when the bytes are already in the inbound
     * buffer): decoded in place when nothing waits before it, else behind what waits.
     */
    private void received(RingBuffer scratch) {
        if (state != OPEN || !announced || inbound.isEmpty() && scratch.isEmpty()) {
            return;
        }
        if (inbound.isEmpty()) {
            process(scratch);
            if (state == OPEN && !scratch.isEmpty()) {
                inbound.write(scratch);
            }
        } else {
            inbound.write(scratch);
            process(inbound);
        }
        releaseIfEmpty(inbound);
        if ((!inbound.isEmpty() || transport.holdsPartialInput()) && partialFrameTimer == null && state == OPEN
                && !config.partialFrameTimeout().isZero()) {
            partialFrameTimer = loop.schedule(config.partialFrameTimeout().toNanos(), 0, this::checkPartialFrame,
                    null);
        }
    }

    /**
     * Unpacks and handles every whole frame in {@code in}, flushing the replies of each batch with one write. Stops
     * early while output is above the high watermark; the rest stays in {@code in} for when it drains.
     */
    private void process(RingBuffer in) {
        processing = true;
        try {
            boolean more;
            do {
                loop.beginBatch(this);
                try {
                    more = decodeFrames(in);
                } finally {
                    flushBatch(loop.endBatch());
                }
            } while (more && state == OPEN && !inputBlocked());
        } finally {
            processing = false;
        }
    }

    /** Returns true when it stopped at the high watermark with input possibly left. */
    private boolean decodeFrames(RingBuffer in) {
        RingBuffer batch = loop.writeBuffer();
        if (invoker.isStreaming()) {
            if (stopsDecoding(batch)) {
                return true;
            }
            invoker.onData(this, in, batch);
            return false;
        }
        boolean stopped = false;
        int decoded = 0;
        while (state == OPEN) {
            if (stopsDecoding(batch)) {
                stopped = true;
                break;
            }
            int before = in.length();
            if (before == 0) {
                break; // no frame can come out of no bytes
            }
            Frame frame;
            try {
                frame = config.protocol().unpack(this, in);
            } catch (Throwable t) {
                protocolFailure("unpack", t);
                break;
            }
            if (frame == null || state != OPEN) {
                break; // no frame yet, or the protocol closed the connection while unpacking it
            }
            if (in.length() >= before) {
                protocolFailure("unpack", new IllegalStateException("protocol returned a frame without consuming input"));
                break;
            }
            decoded++;
            Object reply = invoker.onMessage(this, frame.context(), frame.data());
            if (reply != null) {
                write(reply, null);
            }
        }
        if (decoded > 0) {
            counters.add(LoopCounters.MESSAGES_RECEIVED, decoded);
        }
        return stopped;
    }

    /**
     * Whether decoding must stop before the next frame: output above the high watermark, or too many messages waiting
     * for the handler executor, or a close waiting for it; never while draining.
     */
    private boolean stopsDecoding(RingBuffer batch) {
        if (draining) {
            return false;
        }
        if (whenHandled != null || readingSuspended) {
            return true;
        }
        if (handlerQueue != null && handlerQueue.isBacklogged()) {
            handlerBacklogged = true;
            return true;
        }
        return outbound.length() + batch.length() > config.writeBufferHighWatermark();
    }

    /**
     * Whether the connection is not read now: its output, its handler, the user or a pending close holds it up, or
     * the peer finished sending.
     */
    private boolean inputBlocked() {
        return readPaused || handlerBacklogged || readingSuspended || whenHandled != null || peerClosed;
    }

    /** Decodes what waits and reads again after a pause ended. In loop. */
    private void resumeDecoding() {
        if (state != OPEN || processing || inputBlocked()) {
            return;
        }
        if (!inbound.isEmpty()) {
            process(inbound);
            releaseIfEmpty(inbound);
        }
        if (transport.hasBufferedInput() && state == OPEN && !inputBlocked()) {
            handleRead(); // records decrypted no further when reading paused: no socket event will bring them
        }
    }

    /** The handler executor caught up with this connection's messages: reading goes on. In loop. */
    void handlersCaughtUp() {
        if (handlerBacklogged && state != CLOSED) {
            handlerBacklogged = false;
            afterOutput();
            resumeDecoding();
        }
    }

    /** The handler executor handled every message given to it: a close that waited for that goes on. In loop. */
    void handlersIdle() {
        Runnable close = whenHandled;
        if (close != null && state == OPEN) {
            whenHandled = null;
            loop.cancelInLoop(closeTimer);
            closeTimer = null;
            close.run();
        }
    }

    /**
     * Runs {@code action} (a close) once every message handed to the handler executor was handled and its reply
     * queued, reading nothing meanwhile (at once when the handler runs on the loop). Bounded by the shutdown timeout.
     * In loop.
     */
    private void afterHandlers(Runnable action) {
        if (handlerQueue == null || state != OPEN || handlerQueue.notifyWhenIdle()) {
            action.run();
            return;
        }
        whenHandled = action;
        afterOutput();
        closeTimer = loop.schedule(config.shutdownTimeout().toNanos(), 0, this::closeTimedOut, null);
    }

    /**
     * Decodes and handles every whole frame already read, whatever the output queue holds: the connection is closing
     * because the server stops or the peer finished sending, and each request read gets its reply.
     */
    private void drainInput() {
        if (state != OPEN || !announced || processing || inbound.isEmpty()) {
            return;
        }
        draining = true;
        try {
            process(inbound);
        } finally {
            draining = false;
        }
        releaseIfEmpty(inbound);
    }

    private void peerShutdown() {
        drainInput();
        peerClosed = true;
        afterHandlers(() -> {
            if (outputShutdown) {
                closeNow();
            } else if (invoker.handlesInputClosed() && announced) {
                afterOutput(); // no more reading: the peer is done
                invoker.onInputClosed(this);
            } else {
                closeGracefully();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Packs and queues or writes {@code message}. In loop. */
    void write(Object message, Runnable onFlushed) {
        if (state != OPEN || shutdownWriteRequested) {
            return;
        }
        byte[] bytes;
        try {
            bytes = config.protocol().pack(this, message);
        } catch (Throwable t) {
            protocolFailure("pack", t);
            return;
        }
        int len = bytes == null ? 0 : bytes.length;
        counters.increment(LoopCounters.MESSAGES_SENT);
        queuedBytes += len;
        if (onFlushed != null) {
            if (flushCallbacks == null) {
                flushCallbacks = new ArrayDeque<>(4);
            }
            flushCallbacks.add(new PendingFlush(queuedBytes, onFlushed));
        }
        if (loop.isBatching(this)) {
            RingBuffer batch = loop.writeBuffer();
            if (len <= batch.free()) {
                batch.write(bytes, 0, len);
                return;
            }
            // the batch is full: what it holds goes out first, then this message by the ordinary path
            if (!moveOut(batch)) {
                return;
            }
        } else if (len > 0 && len <= EventLoop.WRITE_BUFFER_SIZE && loop.beginBatchIfIdle(this)) {
            // a send outside of a read (a timer, another thread's send, a push): a batch of one, written from the
            // loop's direct buffer, so there is no wrapper to allocate and no copy through the JDK's temporary buffer
            loop.writeBuffer().write(bytes, 0, len);
            flushBatch(loop.endBatch());
            return;
        }
        if (len > 0) {
            // only while another connection's batch holds the write buffer (a broadcast from a handler), or for a
            // message larger than it
            int off = 0;
            if (outbound.isEmpty()) {
                try {
                    int n;
                    do {
                        int chunk = Math.min(len - off, MAX_WRITE_CHUNK);
                        n = transport.write(ByteBuffer.wrap(bytes, off, chunk));
                        wrote(n);
                        off += n;
                    } while (off < len && n > 0);
                } catch (IOException e) {
                    ioFailure(e);
                    return;
                }
            }
            if (off < len) {
                outbound.write(bytes, off, len - off);
            }
        }
        afterOutput();
    }

    /** Writes out a finished batch and does the bookkeeping. */
    private void flushBatch(RingBuffer batch) {
        if (state == CLOSED) {
            batch.clear();
            return;
        }
        if (moveOut(batch)) {
            afterOutput();
        }
    }

    /**
     * Empties {@code batch}: straight to the socket when nothing is queued, the rest behind the queue. Returns false
     * when the socket failed (the connection is then closed).
     */
    private boolean moveOut(RingBuffer batch) {
        if (batch.isEmpty()) {
            return true;
        }
        if (outbound.isEmpty()) {
            try {
                writeOut(batch);
            } catch (IOException e) {
                batch.clear();
                ioFailure(e);
                return false;
            }
        }
        if (!batch.isEmpty()) {
            outbound.write(batch);
        }
        return true;
    }

    /** The socket is writable again. */
    private void handleWrite() {
        if (state == CLOSED) {
            return;
        }
        try {
            writeOut(outbound);
        } catch (IOException e) {
            ioFailure(e);
            return;
        }
        boolean wasPaused = readPaused;
        afterOutput();
        if (wasPaused && !readPaused) {
            resumeDecoding();
        }
    }

    /**
     * Writes what the transport holds, then {@code buffer} in chunks, until it is empty or the socket takes no more.
     */
    private void writeOut(RingBuffer buffer) throws IOException {
        if (!transport.flush()) {
            return;
        }
        while (!buffer.isEmpty()) {
            int chunk = Math.min(buffer.length(), MAX_WRITE_CHUNK);
            int n = buffer.writeTo(transport, chunk);
            wrote(n);
            if (n < chunk) {
                return;
            }
        }
    }

    private void wrote(int n) {
        if (n > 0) {
            flushedBytes += n;
            lastActivityNanos = loop.now();
        }
    }

    /**
     * Bookkeeping after any write attempt: flush callbacks, finishing a close or half-close once the queue is empty,
     * watermarks, and the selector interest.
     */
    private void afterOutput() {
        runFlushCallbacks();
        if (state == CLOSED) {
            return;
        }
        int pending = outbound.length() + transport.pendingBytes();
        if (pending == 0) {
            outbound.trim();
            if (state == CLOSING && !lingering) {
                finishClose();
                if (state == CLOSED) {
                    return;
                }
            }
            if (shutdownWriteRequested && !outputShutdown) {
                shutdownOutputNow();
                if (state == CLOSED) {
                    return;
                }
            }
        }
        if (pending > config.maxOutboundBytes() && config.maxOutboundBytes() > 0
                && config.overflowPolicy() == OverflowPolicy.CLOSE) {
            overflow(pending);
            return;
        }
        boolean wasPaused = readPaused;
        if (!readPaused && pending > config.writeBufferHighWatermark()) {
            readPaused = true;
        } else if (readPaused && pending <= config.writeBufferLowWatermark()) {
            readPaused = false;
        }
        boolean read = state == OPEN && !inputBlocked() || lingering;
        int ops = (pending > 0 ? SelectionKey.OP_WRITE : 0) | (read ? SelectionKey.OP_READ : 0);
        if (ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
        if (readPaused != wasPaused) {
            writable = !readPaused;
            if (state == OPEN && announced) {
                invoker.onWritabilityChanged(this, !readPaused); // last: it may send, which comes back here
            }
        }
    }

    /** The output queue passed the outbound limit under {@link OverflowPolicy#CLOSE}: the peer is not reading. */
    private void overflow(int pending) {
        counters.increment(LoopCounters.OUTBOUND_OVERFLOWS);
        log.warn("{}: {} bytes of output queued, over the limit of {}: the peer is not reading; closing the connection"
                + " and dropping its output", this, pending, config.maxOutboundBytes());
        closeNow();
    }

    private void runFlushCallbacks() {
        ArrayDeque<PendingFlush> callbacks = flushCallbacks;
        if (transport.pendingBytes() > 0) {
            return; // what was written may wait in TLS records yet
        }
        while (callbacks != null && state != CLOSED && !callbacks.isEmpty()
                && callbacks.peekFirst().position <= flushedBytes) {
            invoker.run(this, callbacks.pollFirst().task, "onFlushed");
        }
    }

    // ------------------------------------------------------------------------------------------------ closing

    private void requestShutdownWrite() {
        if (state != OPEN || shutdownWriteRequested) {
            return;
        }
        shutdownWriteRequested = true;
        if (!loop.isBatching(this)) {
            afterOutput();
        }
    }

    private void shutdownOutputNow() {
        try {
            transport.shutdownOutput();
            outputShutdown = true;
        } catch (IOException e) {
            ioFailure(e);
        }
    }

    /**
     * The server is stopping: every request read is handled, the protocol may say goodbye, then the connection closes
     * gracefully. In loop.
     */
    void closeForServerStop() {
        drainInput();
        afterHandlers(() -> {
            if (state == OPEN && announced) {
                try {
                    config.protocol().onServerStop(this);
                } catch (Throwable t) {
                    log.warn("{}: protocol onServerStop failed", this, t);
                }
            }
            closeGracefully();
        });
    }

    /** Stops reading and closes once queued output is written, or after the shutdown timeout. In loop. */
    void closeGracefully() {
        if (state != OPEN) {
            return;
        }
        state = CLOSING;
        inbound.clear();
        if (handlerQueue != null) {
            handlerQueue.discardPending(); // as on the loop, where decoding stops: what was not handled is not
        }
        if (!loop.isBatching(this)) {
            afterOutput();
        }
        if (state == CLOSING && !lingering) { // lingering: finishClose set the linger's own timer
            loop.cancelInLoop(closeTimer);
            closeTimer = loop.schedule(config.shutdownTimeout().toNanos(), 0, this::closeTimedOut, null);
        }
    }

    /**
     * All output is written. If the peer has not closed its side, closing now could reset the connection: the kernel
     * answers any byte that arrives after the close with a reset, and a reset destroys replies the peer has not read
     * yet. So gev half-closes instead (the peer reads our last byte, then end of stream), discards whatever the peer
     * still sends, and closes when the peer closes, or after {@link #LINGER} (at most the shutdown timeout).
     */
    private void finishClose() {
        if (peerClosed || discardInput() < 0) {
            closeNow();
            return;
        }
        if (!outputShutdown) {
            shutdownOutputNow();
        }
        if (state != CLOSED) {
            lingering = true;
            loop.cancelInLoop(closeTimer);
            long linger = Math.min(LINGER.toNanos(), config.shutdownTimeout().toNanos());
            closeTimer = loop.schedule(linger, 0, this::closeNow, null);
        }
    }

    /** Reads and drops what the peer sent: -1 at end of stream (or on error), else the bytes dropped. */
    private int discardInput() {
        ByteBuffer sink = loop.discardBuffer();
        int total = 0;
        try {
            for (int i = 0; i < 16; i++) {
                sink.clear();
                int n = channel.read(sink);
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            return -1;
        }
        return total; // not counted as read: nobody handled these bytes
    }

    private void closeTimedOut() {
        log.debug("{}: {} bytes of output not flushed within {}; closing anyway", this, outbound.length(),
                config.shutdownTimeout());
        closeNow();
    }

    /** Closes at once, dropping queued output. In loop. */
    @Override
    public void closeNow() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        connected = false;
        if (handlerQueue != null) {
            handlerQueue.discardPending();
        }
        cancelTimers();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", this, e);
        }
        inbound.clear();
        inbound.trim();
        outbound.clear();
        outbound.trim();
        flushCallbacks = null;
        loop.deregister(this);
        if (announced) {
            invoker.onClose(this);
        }
    }

    /** The peer's bytes are not acceptable TLS (or the handshake failed); the alert is sent. */
    private void tlsFailure(SSLException e) {
        counters.increment(LoopCounters.TLS_ERRORS);
        log.info("{}: TLS {} failed, closing the connection: {}", this, awaitingHandshake ? "handshake" : "session",
                e.getMessage());
        closeNow();
    }

    private void ioFailure(IOException e) {
        counters.increment(LoopCounters.IO_ERRORS);
        log.debug("{}: I/O error, closing: {}", this, e.toString());
        closeNow();
    }

    private void protocolFailure(String what, Throwable t) {
        counters.increment(LoopCounters.PROTOCOL_ERRORS);
        log.warn("{}: protocol {} failed, closing the connection: {}", this, what, t.toString());
        log.debug("{}: protocol {} failure", this, what, t);
        closeGracefully();
    }

    private void checkIdle() {
        idleTimer = null;
        long idleNanos = config.idleTimeout().toNanos();
        long quiet = loop.now() - lastActivityNanos;
        if (quiet >= idleNanos) {
            log.debug("{}: idle for {}, closing", this, config.idleTimeout());
            closeGracefully();
        } else {
            idleTimer = loop.schedule(idleNanos - quiet, 0, this::checkIdle, null);
        }
    }

    /**
     * An incomplete frame has waited: close the connection if the peer sent nothing for the partial-frame timeout
     * (unless it is gev that stopped reading), else look again when it would be due.
     */
    private void checkPartialFrame() {
        partialFrameTimer = null;
        if (state != OPEN || inbound.isEmpty() && !transport.holdsPartialInput()) {
            return;
        }
        long timeout = config.partialFrameTimeout().toNanos();
        long quiet = loop.now() - lastReadNanos;
        if (quiet >= timeout && !readPaused) {
            counters.increment(LoopCounters.READ_TIMEOUTS);
            log.info("{}: {} bytes of an incomplete frame and nothing more for {}; closing the connection", this,
                    inbound.length(), config.partialFrameTimeout());
            closeGracefully();
        } else {
            partialFrameTimer = loop.schedule(Math.max(timeout - quiet, timeout / 4), 0, this::checkPartialFrame,
                    null);
        }
    }

    // ------------------------------------------------------------------------------------------------ timers

    /** Remembers a timer of the user's so that closing cancels it. In loop. */
    void track(WheelTimer timer) {
        if (timers == null) {
            timers = new ArrayList<>(2);
        }
        timers.add(timer);
    }

    /** Forgets a timer that fired for the last time or was cancelled. In loop. */
    void untrack(WheelTimer timer) {
        if (timers != null) {
            timers.remove(timer);
        }
    }

    HandlerInvoker invoker() {
        return invoker;
    }

    private void cancelTimers() {
        loop.cancelInLoop(idleTimer);
        loop.cancelInLoop(closeTimer);
        loop.cancelInLoop(partialFrameTimer);
        loop.cancelInLoop(handshakeTimer);
        idleTimer = null;
        closeTimer = null;
        partialFrameTimer = null;
        handshakeTimer = null;
        if (timers != null) {
            ArrayList<WheelTimer> all = timers;
            timers = null;
            for (WheelTimer t : all) {
                loop.cancelInLoop(t);
            }
        }
    }

    private static void releaseIfEmpty(RingBuffer buffer) {
        if (buffer.isEmpty()) {
            buffer.trim();
        }
    }

    private static SocketAddress addressOf(SocketChannel channel, boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** A flush callback and the output position it waits for. */
    private record PendingFlush(long position, Runnable task) {
    }
}
