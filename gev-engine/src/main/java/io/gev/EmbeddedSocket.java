package io.gev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Objects;

/**
 * One connection of a server, with no socket and no thread: the engine's own connection ({@code TcpConnection}: its
 * read path, unpack loop, handler calls, output path, timers and close sequence, unchanged) on an in-memory socket and
 * an event loop that runs on the caller's thread with a manual clock. What the peer sends is read as a socket's input
 * would be, one read event after another; what the connection writes waits until the peer takes it; the socket's send
 * buffer can be made small to provoke back-pressure; time moves only when told to, firing the timers due (idle and
 * partial-frame timeouts, the linger of a close, the handler's own).
 *
 * <p>This is the machinery under {@code io.gev.test.EmbeddedConnection} in the {@code gev-test} module, which is what
 * applications use; it is public so that that module (and the engine's own tests) can reach the engine's
 * package-private connection. The connection's settings are a server's, from its {@link GevServer.Builder}; what is
 * about listening (address, loops, connection limits) does not apply. A handler executor, if set, runs handler calls
 * on its own threads; their replies reach the socket at the next call of this class.
 *
 * <p>Not thread safe: the thread that opens it is its loop thread, and every method must be called there (one
 * {@link #openMovable movable} may be driven by any one thread at a time). Its {@link #connection()} is a real
 * {@link Connection}, whose methods act at once on that thread.
 */
public final class EmbeddedSocket {

    /** Rounds of tasks and readiness one call may take before the connection is taken to be spinning. */
    private static final int MAX_ROUNDS = 100_000;
    /**
     * The loop memory of each thread's embedded sockets (400 KiB, mostly direct): shared, as on a real loop, since
     * only one of them is driven at a time, so that a test or fuzz target making many pays for it once.
     */
    private static final ThreadLocal<LoopBuffers> BUFFERS = ThreadLocal.withInitial(LoopBuffers::new);
    /** Whether an embedded socket is being driven on this thread: another one must not be driven from its callbacks. */
    private static final ThreadLocal<boolean[]> DRIVING = ThreadLocal.withInitial(() -> new boolean[1]);

    private final MemorySelector selector = new MemorySelector();
    private final MemorySocketChannel channel = new MemorySocketChannel();
    private final Owner owner;
    private final EventLoop loop;
    private final TcpConnection connection;
    /** Whether it shares its thread's loop memory, and so is driven by that thread only. */
    private final boolean shared;
    /** The manual clock, in nanoseconds; it starts a day in so that no time is zero. */
    private long nanos = Duration.ofDays(1).toNanos();

    private EmbeddedSocket(GevServer.Builder builder, LoopBuffers buffers) {
        this.owner = new Owner(builder.connection.build(false), builder.connection.invoker(builder.handler));
        this.shared = buffers == BUFFERS.get();
        LoopConfig loops = builder.loopConfig();
        this.loop = EventLoop.embedded(selector, () -> nanos, buffers, loops.timerTick(), loops.timerWheelSize());
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a memory channel does no I/O to fail
        }
        boolean[] driving = enter();
        try {
            this.connection = Objects.requireNonNull(TcpConnection.open(loop, channel, owner, null), "connection");
        } finally {
            driving[0] = false;
        }
        settle();
    }

    /** Fails unless this thread may drive the socket: any thread for a movable one, else the one that opened it. */
    private void requireDriver() {
        if (shared && Thread.currentThread() != loop.thread()) {
            throw new IllegalStateException(this + " shares the loop memory of " + loop.thread().getName()
                    + ", which opened it, and is driven there only (or open it with openMovable)");
        }
    }

    /**
     * Marks this thread as driving an embedded socket, which shares the thread's loop memory.
     *
     * @throws IllegalStateException when it is already driving one: this is a call from one's callback
     */
    private boolean[] enter() {
        requireDriver();
        boolean[] driving = DRIVING.get();
        if (driving[0]) {
            throw new IllegalStateException("an embedded socket cannot be driven from the callbacks of another on the"
                    + " same thread (they share its loop memory): drive each from the test itself");
        }
        driving[0] = true;
        return driving;
    }

    /**
     * Opens a connection with the settings of {@code builder} (its protocol, handler, timeouts, watermarks and
     * limits); the handler has heard of it when this returns, and what it sent then waits for {@link #readOutbound()}.
     * Loop thread only (this thread becomes it).
     *
     * @throws IllegalArgumentException when the settings contradict each other, as {@link GevServer.Builder#build()}
     */
    public static EmbeddedSocket open(GevServer.Builder builder) {
        return new EmbeddedSocket(builder, BUFFERS.get());
    }

    /**
     * Like {@link #open}, but with loop memory of its own (400 KiB), rather than the opening thread's: it may then be
     * driven by another thread than the one that opened it, one thread at a time. Thread safe.
     */
    public static EmbeddedSocket openMovable(GevServer.Builder builder) {
        return new EmbeddedSocket(builder, new LoopBuffers());
    }

    /** The connection, as its handler sees it. Its methods are thread safe; on this thread they act at once. */
    public Connection connection() {
        return connection;
    }

    /**
     * The peer sends {@code len} bytes of {@code bytes} from {@code off}: they arrive as one read event (more if the
     * loop's read buffer is smaller), and the connection reads and handles them unless reading is held off, in which
     * case they wait in the socket. Loop thread only.
     */
    public void writeInbound(byte[] bytes, int off, int len) {
        requireDriver();
        Objects.checkFromIndexSize(off, len, bytes.length);
        channel.arrive(bytes, off, len);
        settle();
    }

    /**
     * The peer finished sending (it half-closed): the connection reads the end of stream after what waits. Loop thread
     * only.
     */
    public void shutdownInput() {
        requireDriver();
        channel.endInput();
        settle();
    }

    /** The peer takes every byte the connection wrote since it last did; empty when there is none. Loop thread only. */
    public byte[] readOutbound() {
        requireDriver();
        byte[] bytes = channel.take();
        settle(); // the send buffer has room again
        return bytes;
    }

    /**
     * The socket holds at most {@code bytes} written and not taken by {@link #readOutbound()}; past that it takes less
     * or nothing and the connection queues the rest, as when a peer reads slowly. Default unbounded. Loop thread only.
     */
    public void sendBufferSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("sendBufferSize must not be negative: " + bytes);
        }
        requireDriver();
        channel.sendBufferSize(bytes);
        settle();
    }

    /** Bytes the peer sent that the connection has not read yet (reading is held off). Loop thread only. */
    public int unreadInbound() {
        return channel.unread();
    }

    /**
     * Moves the clock on by {@code duration}, firing the timers due meanwhile, each at its time: the clock stops at
     * every deadline on the way, so that a periodic timer runs once a period and a timer sees the time it was due.
     * Loop thread only.
     */
    public void advance(Duration duration) {
        requireDriver();
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        long target = nanos + duration.toNanos();
        while (nanos < target) {
            long waitMillis = loop.timers().timeoutMillis(nanos);
            nanos = waitMillis < 0 ? target : Math.min(target, nanos + Math.max(1, waitMillis) * 1_000_000L);
            settle();
        }
    }

    /**
     * Runs what was handed to the loop from other threads (a send from another thread, a reply from a handler
     * executor) and what became ready since. Loop thread only.
     */
    public void runPendingTasks() {
        settle();
    }

    /** Whether the connection reads and handles input: it is not closing or closed. Loop thread only. */
    public boolean isOpen() {
        return connection.phase().isLive();
    }

    /**
     * Whether the connection is closed: its socket is. A close writes out what is queued, half-closes and waits for the
     * peer to finish ({@link #shutdownInput()}) at most two seconds ({@link #advance}) first. Loop thread only.
     */
    public boolean isClosed() {
        return !channel.isOpen();
    }

    /** Whether the connection shut its output down: a half-close, or the first step of a close. Loop thread only. */
    public boolean isOutputShutdown() {
        return channel.isOutputShutdown();
    }

    /** What a protocol or handler callback threw that closed the connection; null if none did. Loop thread only. */
    public Throwable failure() {
        return owner.failure;
    }

    /**
     * Lets the loop settle, as its passes would: runs queued tasks and due timers, then tells the connection what the
     * socket is ready for (by its interest: input or an end of stream to read, room to write), until neither is left.
     */
    private void settle() {
        boolean[] driving = enter();
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                loop.runDue();
                SelectionKey key = channel.keyFor(selector);
                int ready = key == null || !key.isValid() ? 0 : readyOps(key.interestOps());
                if (ready != 0) {
                    connection.ready(ready);
                } else if (!loop.hasTasks()) {
                    return;
                }
            }
            throw new IllegalStateException(connection + " is still busy after " + MAX_ROUNDS + " rounds of events");
        } finally {
            driving[0] = false;
        }
    }

    private int readyOps(int interest) {
        int ready = 0;
        if ((interest & SelectionKey.OP_READ) != 0 && channel.isReadable()) {
            ready |= SelectionKey.OP_READ;
        }
        if ((interest & SelectionKey.OP_WRITE) != 0 && channel.isWritable()) {
            ready |= SelectionKey.OP_WRITE;
        }
        return ready;
    }

    @Override
    public String toString() {
        return "EmbeddedSocket[" + connection + "]";
    }

    /** What the connection belongs to: its settings and handler, its counters, and the failure that closed it. */
    private static final class Owner implements ConnectionOwner {

        private final ConnectionConfig config;
        private final HandlerInvoker invoker;
        private final LoopCounters counters = new LoopCounters();
        private volatile Throwable failure;

        Owner(ConnectionConfig config, HandlerInvoker invoker) {
            this.config = config;
            this.invoker = invoker;
        }

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
            return counters;
        }

        @Override
        public void failed(TcpConnection connection, Throwable failure) {
            if (this.failure == null) {
                this.failure = failure;
            }
        }

        @Override
        public void closed(TcpConnection connection) {
            // the socket tells: it is closed
        }
    }
}
