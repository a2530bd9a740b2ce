package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reactor thread: a {@link Selector}, the connections it owns, a task queue for work handed over by other
 * threads, and a {@link TimingWheel}. Each iteration selects (sleeping no longer than the next timer), handles ready
 * connections, fires due timers and runs queued tasks.
 *
 * <p>The loop is also the owner of the connections its server accepted (their settings, handler, counters and
 * limits); a {@link GevClient} may dial connections of its own onto it through a {@link Connector}. Every connection
 * is registered in {@link #open}, whoever made it.
 *
 * <p>Another thread wakes the selector only when the loop may be asleep in it, never once per task. Methods say whether
 * they are thread safe or in loop.
 */
final class EventLoop implements Executor, ConnectionOwner {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** The loop's shared read buffer: every read lands here first, so idle connections hold none. */
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** The loop's shared write buffer, where the replies of one read are gathered for one write. */
    static final int WRITE_BUFFER_SIZE = 128 * 1024;
    /** Tasks run per iteration at most, so that a flood of tasks cannot starve I/O. */
    private static final int MAX_TASKS_PER_ITERATION = 4096;

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;

    private final int index;
    private final ServerConfig config;
    private final HandlerInvoker invoker;
    private final Selector selector;
    private final Thread thread;
    private final TimingWheel wheel;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LongAdder tasksSubmitted = new LongAdder();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicInteger connectionCount = new AtomicInteger();
    /** Every connection on the loop: its server's, and those clients dialled onto it. */
    private final Set<TcpConnection> connections = new HashSet<>();
    /** Client connections being dialled. */
    private final Set<Connector> connectors = new HashSet<>();
    private final LoopCounters counters = new LoopCounters();
    private final ConnectionLimits limits;
    /** Direct, so that the socket reads into and writes from them without the JDK's intermediate copy. */
    private final RingBuffer readBuffer = RingBuffer.direct(READ_BUFFER_SIZE);
    private RingBuffer writeBuffer = RingBuffer.direct(WRITE_BUFFER_SIZE);
    /** Where input of closing connections is read and dropped. */
    private final ByteBuffer discardBuffer = ByteBuffer.allocateDirect(16 * 1024);
    /**
     * Ciphertext in and out of the loop's TLS connections (see {@link TlsTransport}); made on first use. On the heap:
     * the JDK's AES-GCM works on array-backed buffers in place, but copies every record through fresh arrays when a
     * buffer is direct (measured: twice the CPU per 4 KiB record); the socket then copies through the JDK's cached
     * direct buffer, once, without allocating.
     */
    private ByteBuffer tlsInputBuffer;
    private ByteBuffer tlsOutputBuffer;

    private volatile int state = RUNNING;
    /** When the current pass (everything between two selects) began, or 0 while selecting; see StallDetector. */
    private volatile long busySince;
    private long lastUnexpectedLog;
    private TcpConnection batchOwner;
    private long now;

    EventLoop(int index, ServerConfig config, HandlerInvoker invoker, ConnectionLimits limits, String threadName) {
        this.limits = limits;
        this.index = index;
        this.config = config;
        this.invoker = invoker;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.now = System.nanoTime();
        this.wheel = new TimingWheel(config.timerTick(), config.timerWheelSize(), now);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(false);
    }

    /** Starts the loop thread. */
    void start() {
        thread.start();
    }

    int index() {
        return index;
    }

    Thread thread() {
        return thread;
    }

    /** Whether the caller is this loop's thread. Thread safe. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Connections owned or being handed over. Thread safe. */
    int connectionCount() {
        return connectionCount.get();
    }

    LoopCounters counters() {
        return counters;
    }

    /** When the loop's current pass began, or 0 while it waits in select. Thread safe. */
    long busySinceNanos() {
        return busySince;
    }

    Selector selector() {
        return selector;
    }

    /** The loop's cached clock, read once per iteration. In loop. */
    long now() {
        return now;
    }

    RingBuffer readBuffer() {
        return readBuffer;
    }

    RingBuffer writeBuffer() {
        return writeBuffer;
    }

    ByteBuffer discardBuffer() {
        return discardBuffer;
    }

    /** The shared buffer TLS connections read ciphertext into. In loop. */
    ByteBuffer tlsInputBuffer() {
        if (tlsInputBuffer == null) {
            tlsInputBuffer = ByteBuffer.allocate(TlsTransport.INPUT_BUFFER_SIZE);
        }
        return tlsInputBuffer;
    }

    /** The shared buffer TLS connections encrypt into. In loop. */
    ByteBuffer tlsOutputBuffer() {
        if (tlsOutputBuffer == null) {
            tlsOutputBuffer = ByteBuffer.allocate(TlsTransport.OUTPUT_BUFFER_SIZE);
        }
        return tlsOutputBuffer;
    }

    // ------------------------------------------------------------------------------------------------ tasks

    /**
     * Queues {@code task} to run on the loop, waking it if it may be asleep; dropped once the loop has terminated.
     * Thread safe.
     */
    @Override
    public void execute(Runnable task) {
        if (state == TERMINATED) {
            return; // the loop is gone, and with it everything a task could act on
        }
        tasks.add(task);
        tasksSubmitted.increment();
        if (!inLoop() && sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /**
     * Hands an accepted channel to this loop: the one place where connections are registered. The channel is closed if
     * the loop is no longer running. Thread safe.
     */
    void register(SocketChannel channel) {
        connectionCount.incrementAndGet();
        if (state == TERMINATED) {
            reject(channel);
            return;
        }
        execute(() -> open(channel, null));
    }

    /**
     * Takes over a connection the limits refused, to write {@code goodbye} and close it without resetting it; it never
     * reaches the handler and is not counted as open. Thread safe.
     */
    void refuse(SocketChannel channel, byte[] goodbye) {
        execute(() -> open(channel, goodbye));
    }

    private void open(SocketChannel channel, byte[] refusal) {
        if (state != RUNNING) {
            if (refusal == null) {
                reject(channel);
            } else {
                Acceptor.closeQuietly(channel);
            }
            return;
        }
        open(channel, this, refusal);
    }

    /**
     * Makes a connection of {@code channel} for {@code owner} and registers it: the one place where connections are
     * registered, accepted or dialled. Returns it, or null when it could not be opened (the channel is closed). In
     * loop.
     */
    TcpConnection open(SocketChannel channel, ConnectionOwner owner, byte[] refusal) {
        TcpConnection connection = new TcpConnection(this, channel, owner, refusal);
        connections.add(connection);
        try {
            connection.open();
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.counters().increment(LoopCounters.IO_ERRORS);
            log.warn("Cannot open {}: {}", connection, e.toString());
            connection.closeNow();
            return null;
        }
    }

    /**
     * Watches a channel of {@code connector} that is connecting, until it can finish (or fails). Thread safe only in
     * loop.
     */
    void watchConnect(SocketChannel channel, Connector connector) throws IOException {
        channel.register(selector, SelectionKey.OP_CONNECT, connector);
        connectors.add(connector);
    }

    /** {@code connector} is no longer connecting. In loop. */
    void connectDone(Connector connector) {
        connectors.remove(connector);
    }

    /** Whether the loop still takes new work (it is not shutting down). Thread safe. */
    boolean isRunning() {
        return state == RUNNING;
    }

    private void reject(SocketChannel channel) {
        connectionCount.decrementAndGet();
        try {
            limits.release(channel.getRemoteAddress());
        } catch (IOException e) {
            log.debug("Rejected channel has no address", e);
        }
        Acceptor.closeQuietly(channel);
    }

    /** A connection closed: its owner hears of it. In loop. */
    void deregister(TcpConnection connection) {
        if (connections.remove(connection)) {
            connection.owner().closed(connection);
        }
    }

    @Override
    public ServerConfig config() {
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

    /** A connection this loop's server accepted closed: its place under the limits is free again. In loop. */
    @Override
    public void closed(TcpConnection connection) {
        if (!connection.isRefused()) {
            connectionCount.decrementAndGet();
            counters.increment(LoopCounters.CONNECTIONS_CLOSED);
            limits.release(connection.socketPeerAddress());
        }
    }

    // ------------------------------------------------------------------------------------------------ write batches

    /** Replies of {@code connection} go to the shared write buffer until {@link #endBatch()}. In loop. */
    void beginBatch(TcpConnection connection) {
        batchOwner = connection;
        if (writeBuffer.capacity() > WRITE_BUFFER_SIZE) {
            // a stream handler wrote more than it holds: give the native memory back
            writeBuffer = RingBuffer.direct(WRITE_BUFFER_SIZE);
        }
    }

    /** Starts a batch for {@code connection} unless one is under way; returns whether it did. In loop. */
    boolean beginBatchIfIdle(TcpConnection connection) {
        if (batchOwner != null) {
            return false;
        }
        beginBatch(connection);
        return true;
    }

    /** Whether {@code connection}'s output is being gathered in the write buffer. In loop. */
    boolean isBatching(TcpConnection connection) {
        return batchOwner == connection;
    }

    /** Ends the batch and returns the write buffer holding its output, for the connection to flush. In loop. */
    RingBuffer endBatch() {
        batchOwner = null;
        return writeBuffer;
    }

    // ------------------------------------------------------------------------------------------------ timers

    /**
     * Schedules {@code task} after {@code delayNanos}, then every {@code periodNanos} unless that is 0. A timer with an
     * {@code owner} runs through the owner's handler invoker and is cancelled when the owner closes. Thread safe.
     */
    WheelTimer schedule(long delayNanos, long periodNanos, Runnable task, TcpConnection owner) {
        WheelTimer timer = new WheelTimer(this, task, System.nanoTime() + Math.max(0, delayNanos), periodNanos, owner);
        if (inLoop()) {
            addTimer(timer);
        } else {
            execute(() -> addTimer(timer));
        }
        return timer;
    }

    private void addTimer(WheelTimer timer) {
        if (timer.isCancelled()) {
            return;
        }
        if (timer.owner != null) {
            if (!timer.owner.isConnected()) {
                timer.markCancelled();
                return;
            }
            timer.owner.track(timer);
        }
        wheel.add(timer);
    }

    /** Takes a cancelled timer out of the wheel. In loop. */
    void unschedule(WheelTimer timer) {
        wheel.remove(timer);
        if (timer.owner != null) {
            timer.owner.untrack(timer);
        }
    }

    /** Cancels {@code timer} (if any) without touching its owner's list. In loop. */
    void cancelInLoop(WheelTimer timer) {
        if (timer != null) {
            timer.markCancelled();
            wheel.remove(timer);
        }
    }

    private void fire(WheelTimer timer) {
        if (timer.isCancelled()) {
            return;
        }
        boolean repeat = timer.periodNanos > 0;
        if (timer.owner != null) {
            if (!repeat) {
                timer.owner.untrack(timer);
            }
            timer.owner.invoker().run(timer.owner, timer.task, "timer");
        } else {
            try {
                timer.task.run();
            } catch (Throwable t) {
                counters.increment(LoopCounters.HANDLER_ERRORS);
                log.warn("Timer task failed on {}", thread.getName(), t);
            }
        }
        if (repeat && !timer.isCancelled() && state != TERMINATED) {
            long next = timer.deadlineNanos + timer.periodNanos;
            if (next - now <= 0) {
                next += ((now - next) / timer.periodNanos + 1) * timer.periodNanos;
            }
            timer.deadlineNanos = next;
            wheel.add(timer);
        }
    }

    // ------------------------------------------------------------------------------------------------ the loop

    private void run() {
        try {
            while (state == RUNNING || !connections.isEmpty()) {
                try {
                    runOnce();
                } catch (Throwable t) {
                    unexpected(t);
                    pause();
                }
            }
        } finally {
            terminate();
        }
    }

    /** Logs an error the loop survived: in full at most once a second, so that a recurring one cannot flood the log. */
    private void unexpected(Throwable t) {
        long at = System.nanoTime();
        if (at - lastUnexpectedLog >= 1_000_000_000L || lastUnexpectedLog == 0) {
            lastUnexpectedLog = at;
            log.error("Unexpected error in {}; going on", thread.getName(), t);
        } else {
            log.debug("Unexpected error in {} again: {}", thread.getName(), t.toString());
        }
    }

    private void runOnce() throws IOException {
        busySince = 0;
        long timeout = wheel.timeoutMillis(System.nanoTime());
        sleeping.set(true);
        if (!tasks.isEmpty() || timeout == 0 || state != RUNNING && connections.isEmpty()) {
            sleeping.set(false);
            selector.selectNow(this::processKey);
        } else {
            selector.select(this::processKey, timeout < 0 ? 0 : timeout);
            sleeping.set(false);
        }
        now = System.nanoTime();
        if (busySince == 0) {
            busySince = now;
        }
        wheel.advance(now, this::fire);
        runTasks();
    }

    private void processKey(SelectionKey key) {
        if (busySince == 0) {
            busySince = System.nanoTime(); // keys are handled inside select: the pass begins with the first one
        }
        Selectable selectable = (Selectable) key.attachment();
        try {
            selectable.ready(key.readyOps());
        } catch (RuntimeException e) {
            // Handler and protocol faults are caught nearer the source; this is a bug in gev, kept to one channel.
            log.error("Unexpected error on {}; closing it", selectable, e);
            selectable.closeNow();
        }
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("Task failed on {}", thread.getName(), t);
        } finally {
            counters.increment(LoopCounters.TASKS_RUN);
        }
    }

    /** Tasks queued and not yet run. Thread safe. */
    long pendingTasks() {
        return Math.max(0, tasksSubmitted.sum() - counters.get(LoopCounters.TASKS_RUN));
    }

    /** Whether the loop thread is alive. Thread safe. */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** A snapshot of up to {@code limit} of this loop's connections. In loop. */
    List<ConnectionInfo> describeConnections(int limit) {
        List<ConnectionInfo> out = new ArrayList<>(Math.min(limit, connections.size()));
        for (TcpConnection c : connections) {
            if (out.size() >= limit) {
                break;
            }
            if (c.owner() == this) {
                out.add(c.describe());
            }
        }
        return out;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    /**
     * Closes every connection gracefully (flushing its output); the loop ends when the last one is gone. Thread safe.
     */
    void shutdownGracefully() {
        execute(() -> {
            if (state == RUNNING) {
                state = SHUTTING_DOWN;
                abortConnects();
                for (TcpConnection c : new ArrayList<>(connections)) {
                    c.closeForServerStop();
                }
            }
        });
    }

    /** Closes every remaining connection at once. Thread safe. */
    void shutdownNow() {
        execute(() -> {
            state = SHUTTING_DOWN;
            abortConnects();
            for (TcpConnection c : new ArrayList<>(connections)) {
                c.closeNow();
            }
        });
    }

    private void abortConnects() {
        for (Connector c : new ArrayList<>(connectors)) {
            c.closeNow();
        }
    }

    /** Waits for the loop thread to end. Thread safe. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    private void terminate() {
        state = TERMINATED;
        abortConnects();
        for (TcpConnection c : new ArrayList<>(connections)) {
            c.closeNow();
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runTask(task);
        }
        // what else is registered here (a UDP server's datagram sockets) closes after the tasks, so that the sends
        // queued before the stop still go out
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            ((Selectable) key.attachment()).closeNow();
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Closing the selector of {} failed", thread.getName(), e);
        }
    }
}
