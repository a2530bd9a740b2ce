package io.gev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reactor thread: a {@link Selector} and the {@link Selectable}s registered with it, a task queue for work handed
 * over by other threads, and its {@link TimerQueue}. Each iteration selects (sleeping no longer than the next timer),
 * tells ready channels, fires due timers and runs queued tasks. The loop knows nothing of connections: it serves
 * whatever registers, and when it shuts down it asks each to finish and ends once none is left.
 *
 * <p>{@link #runInLoop} is the one way onto the loop: it runs a task at once on the loop thread, else queues it.
 * Another thread wakes the selector only when the loop may be asleep in it, never once per task. Methods say
 * whether they are thread safe or in loop.
 */
final class EventLoop implements Executor, Consumer<SelectionKey> {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** Tasks run per iteration at most, so that a flood of tasks cannot starve I/O. */
    private static final int MAX_TASKS_PER_ITERATION = 4096;

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;

    private final int index;
    private final Selector selector;
    /** The loop's clock: {@code System.nanoTime}, or the manual clock of an embedded loop. */
    private final LongSupplier clock;
    private final Thread thread;
    private final TimerQueue timers;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LongAdder tasksSubmitted = new LongAdder();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final LoopCounters counters = new LoopCounters();
    private final LoopBuffers buffers;
    /** What the loop waits for when it shuts down: every registered channel that has not finished. In loop. */
    private final Set<Selectable> channels = new HashSet<>();

    private volatile int state = RUNNING;
    /** When the current pass (everything between two selects) began, or 0 while selecting; see StallDetector. */
    private volatile long busySince;
    private final SurvivedErrors survived;
    private long now;
    /** Whether a task of {@link #runUnnested} runs now. In loop. */
    private boolean inUnnested;

    /** A loop with a timing wheel of {@code wheelSlots} slots of {@code timerTick}; its thread is not started. */
    EventLoop(int index, String threadName, Duration timerTick, int wheelSlots) {
        this(index, openSelector(), System::nanoTime, new LoopBuffers(), timerTick, wheelSlots, threadName);
    }

    /**
     * A loop on {@code selector} whose clock is {@code clock} and memory {@code buffers}, with a thread of its own
     * named {@code threadName}, or, when that is null, none: the calling thread is then its loop thread, and drives it
     * with {@link #runDue()}.
     */
    private EventLoop(int index, Selector selector, LongSupplier clock, LoopBuffers buffers, Duration timerTick,
            int wheelSlots, String threadName) {
        this.index = index;
        this.selector = selector;
        this.clock = clock;
        this.buffers = buffers;
        this.now = clock.getAsLong();
        this.timers = new TimerQueue(this, new TimingWheel(timerTick, wheelSlots, now));
        if (threadName == null) {
            this.thread = Thread.currentThread();
        } else {
            this.thread = new Thread(this::run, threadName);
            this.thread.setDaemon(false);
        }
        this.survived = new SurvivedErrors(this.thread.getName());
    }

    /**
     * A loop that never runs a thread of its own, for {@link EmbeddedSocket}: the calling thread is its loop thread,
     * {@code selector} never selects anything, time is {@code clock}'s, and {@code buffers} may be shared with the
     * thread's other embedded loops (one is driven at a time); the caller tells channels of readiness itself and calls
     * {@link #runDue()}. Not thread safe: call it on the thread that will drive the loop.
     */
    static EventLoop embedded(Selector selector, LongSupplier clock, LoopBuffers buffers, Duration timerTick,
            int wheelSlots) {
        return new EventLoop(0, selector, clock, buffers, timerTick, wheelSlots, null);
    }

    private static Selector openSelector() {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** Starts the loop thread. Not thread safe: called once, by the loop's group. */
    void start() {
        thread.start();
    }

    /** The loop's index in its group. Thread safe. */
    int index() {
        return index;
    }

    /** The loop's thread. Thread safe. */
    Thread thread() {
        return thread;
    }

    /** Whether the caller is this loop's thread. Thread safe. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's counters: written on the loop, read anywhere. Thread safe. */
    LoopCounters counters() {
        return counters;
    }

    /** The loop's timers. Thread safe (see its methods). */
    TimerQueue timers() {
        return timers;
    }

    /** The memory the loop's channels share. Its buffers are used in loop only. Thread safe. */
    LoopBuffers buffers() {
        return buffers;
    }

    /** When the loop's current pass began, or 0 while it waits in select. Thread safe. */
    long busySinceNanos() {
        return busySince;
    }

    /** The loop's clock now: {@code System.nanoTime()}, or an embedded loop's manual clock. Thread safe. */
    long nanoTime() {
        return clock.getAsLong();
    }

    /** The loop's cached clock, read once per iteration. In loop. */
    long now() {
        return now;
    }

    /** Whether the loop still takes new work (it is not shutting down). Thread safe. */
    boolean isRunning() {
        return state == RUNNING;
    }

    /** Whether the loop thread is alive. Thread safe. */
    boolean isAlive() {
        return thread.isAlive();
    }

    // ------------------------------------------------------------------------------------------------ tasks

    /**
     * Runs {@code task} now when called on the loop thread, else queues it like {@link #execute}. Thread safe.
     * (Connection and datagram sends spell this out instead: a send on the loop must not allocate a task.)
     */
    void runInLoop(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /**
     * Runs {@code task} now, unless a task of this method is running already: then it runs once that one has
     * returned, from the task queue. For callbacks that can set off another of their kind (a handler's onClose whose
     * sends close more connections), which would otherwise nest one level per link. In loop.
     */
    void runUnnested(Runnable task) {
        if (inUnnested) {
            execute(() -> runUnnested(task));
            return;
        }
        inUnnested = true;
        try {
            task.run();
        } finally {
            inUnnested = false;
        }
    }

    /**
     * Queues {@code task} to run on the loop, waking it if it may be asleep; dropped once the loop has terminated,
     * unless the loop itself queues it while it ends (it runs what is queued before its thread ends). Thread safe.
     */
    @Override
    public void execute(Runnable task) {
        if (state == TERMINATED && !inLoop()) {
            return; // the loop is gone, and with it everything a task could act on (its own run as it ends)
        }
        tasks.add(task);
        tasksSubmitted.increment();
        if (!inLoop() && sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /** Tasks queued and not yet run. Thread safe. */
    long pendingTasks() {
        return Math.max(0, tasksSubmitted.sum() - counters.get(LoopCounters.TASKS_RUN));
    }

    // ------------------------------------------------------------------------------------------------ channels

    /**
     * Registers {@code channel} with the selector for {@code ops}, telling {@code selectable} of its readiness, and
     * keeps the loop running at shutdown until it {@link #deregister deregisters}. Registering a channel again (a
     * connector's socket becoming a connection) replaces its interest and attachment. In loop, or before the loop
     * starts.
     */
    SelectionKey register(SelectableChannel channel, int ops, Selectable selectable) throws ClosedChannelException {
        SelectionKey key = channel.register(selector, ops, selectable);
        channels.add(selectable);
        return key;
    }

    /** {@code selectable} is done: the loop no longer waits for it at shutdown. In loop. */
    void deregister(Selectable selectable) {
        channels.remove(selectable);
    }

    /** What is registered now (a copy: acting on one may close it). In loop. */
    List<Selectable> channels() {
        return List.copyOf(channels);
    }

    // ------------------------------------------------------------------------------------------------ the loop

    private void run() {
        try {
            while (state == RUNNING || !channels.isEmpty()) {
                try {
                    runOnce();
                } catch (Throwable t) {
                    survived.report(t);
                }
            }
        } finally {
            terminate();
        }
    }

    private void runOnce() throws IOException {
        busySince = 0;
        long timeout = timers.timeoutMillis(clock.getAsLong());
        sleeping.set(true);
        if (!tasks.isEmpty() || timeout == 0 || state != RUNNING && channels.isEmpty()) {
            sleeping.set(false);
            selector.selectNow(this);
        } else {
            selector.select(this, timeout < 0 ? 0 : timeout);
            sleeping.set(false);
        }
        if (busySince == 0) {
            busySince = System.nanoTime(); // the stall detector's clock
        }
        runDue();
    }

    /**
     * What each pass does after the selector: reads the clock, fires the timers due and runs queued tasks. An
     * {@link #embedded} loop is driven by this alone. In loop.
     */
    void runDue() {
        now = clock.getAsLong();
        timers.advance(now);
        runTasks();
    }

    /**
     * A key the selector found ready: its channel handles the event. The loop is the selector's action itself rather
     * than a method reference, which would add a call level on the hot path (and an object per pass). In loop: only
     * the selector calls it, inside {@code select}.
     */
    @Override
    public void accept(SelectionKey key) {
        if (busySince == 0) {
            busySince = System.nanoTime(); // keys are handled inside select: the pass begins with the first one
        }
        Selectable selectable = (Selectable) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // its channel was closed earlier in this pass (a handler acting on another channel closed it)
        }
        try {
            selectable.ready(ready);
        } catch (RuntimeException e) {
            // Handler and protocol faults are caught nearer the source; this is a bug in gev, kept to one channel.
            log.error("Unexpected error on {}; closing it", selectable, e);
            selectable.closeNow();
        }
    }

    /** Whether tasks wait to run. Thread safe. */
    boolean hasTasks() {
        return !tasks.isEmpty();
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

    // ------------------------------------------------------------------------------------------------ shutdown

    /**
     * Stops taking new work and asks every registered channel to finish ({@link Selectable#shutdown()}: a connection
     * drains and closes gracefully); the loop ends when the last one has deregistered. Thread safe.
     */
    void shutdownGracefully() {
        execute(() -> {
            if (state == RUNNING) {
                state = SHUTTING_DOWN;
                for (Selectable s : new ArrayList<>(channels)) {
                    s.shutdown();
                }
            }
        });
    }

    /** Closes every registered channel at once; the loop then ends. Thread safe. */
    void shutdownNow() {
        execute(() -> {
            state = SHUTTING_DOWN;
            closeChannels();
        });
    }

    /** Waits for the loop thread to end. Thread safe. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    private void closeChannels() {
        for (Selectable s : new ArrayList<>(channels)) {
            s.closeNow();
        }
    }

    private void terminate() {
        state = TERMINATED;
        closeChannels();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runTask(task);
        }
        // what is still registered without holding the loop (a UDP server's datagram sockets) closes after the tasks,
        // so that the sends queued before the stop still go out
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
