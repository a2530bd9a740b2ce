package io.gev;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's handler calls on the handler executor: run one at a time, in the order the loop queued them, so
 * the handler of a connection needs no locks while different connections run in parallel. At most one drain of the
 * queue is submitted to the executor at a time; it runs a bounded batch and hands the executor back.
 *
 * <p>It counts the messages handed over and not yet handled: above the connection's limit the loop stops reading
 * the connection, and once half of them are handled the queue asks the loop to read again. When the connection
 * closes, messages not started yet are dropped, unless the loop is draining (the server stops, or the peer finished
 * sending): then every one is handled and the loop closes once they are.
 *
 * <p>{@link #submit} and {@link #submitMessage} are called in loop; the calls run on the executor. Thread safe.
 */
final class HandlerQueue {

    private static final Logger log = LoggerFactory.getLogger(HandlerQueue.class);
    /** Calls one drain runs before it hands the executor back, so that a busy connection cannot hold a thread. */
    private static final int BATCH = 64;

    private final TcpConnection connection;
    private final Executor executor;
    private final int maxPending;
    private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingMessages = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean backlogged = new AtomicBoolean();
    /** The one drain task, handed to the executor again and again. */
    private final Runnable drainTask = this::drain;
    /** The executor refused work once: from then on what is queued runs where it is queued, messages dropped. */
    private volatile boolean rejected;
    /** The connection closed: messages not started yet are dropped. */
    private volatile boolean discarding;
    /** The loop waits for every message handed over to be handled (see {@link #notifyWhenIdle()}). */
    private volatile boolean idleWanted;

    HandlerQueue(TcpConnection connection, Executor executor, int maxPending) {
        this.connection = connection;
        this.executor = executor;
        this.maxPending = maxPending;
    }

    /** Queues a call that is not a message (connect, close, a timer, a flush callback). In loop. */
    void submit(Runnable call) {
        calls.add(call);
        schedule();
    }

    /** Queues the handling of one message, which the connection's invoker does on the executor. In loop. */
    void submitMessage(Object context, byte[] data) {
        int pending = pendingMessages.incrementAndGet();
        calls.add(() -> {
            try {
                if (!discarding) {
                    connection.invoker().handleMessage(connection, context, data);
                }
            } finally {
                handled();
            }
        });
        schedule();
        if (maxPending > 0 && pending > maxPending) {
            backlogged.set(true);
            if (pendingMessages.get() <= resumeAt()) {
                backlogged.compareAndSet(true, false); // the handler caught up meanwhile, without seeing the backlog
            }
        }
    }

    /** Whether more messages wait than the limit allows: the loop stops reading until the handler catches up. */
    boolean isBacklogged() {
        return backlogged.get();
    }

    /** Drops the messages not started yet; calls that are not messages (onClose) still run. In loop. */
    void discardPending() {
        discarding = true;
    }

    /**
     * Asks for {@link CloseSequence#handlersIdle()} on the loop once every message handed over was handled; returns
     * true (and asks nothing) when that is already so. In loop.
     */
    boolean notifyWhenIdle() {
        idleWanted = true;
        if (pendingMessages.get() == 0) {
            idleWanted = false;
            return true;
        }
        return false;
    }

    private int resumeAt() {
        return maxPending / 2;
    }

    private void handled() {
        int pending = pendingMessages.decrementAndGet();
        if (pending <= resumeAt() && backlogged.get() && backlogged.compareAndSet(true, false)) {
            connection.loop().execute(() -> connection.inbound().letGo(ReadGate.HANDLER_BACKLOG));
        }
        if (pending == 0 && idleWanted) {
            idleWanted = false;
            connection.loop().execute(connection.closing()::handlersIdle);
        }
    }

    private void schedule() {
        if (rejected) {
            drainRejected();
        } else if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(drainTask);
            } catch (RejectedExecutionException e) {
                log.error("{}: the handler executor refused work ({}); closing the connection", connection,
                        e.toString());
                rejected = true;
                discarding = true;
                scheduled.set(false);
                connection.loop().execute(connection::closeNow);
                drainRejected();
            }
        }
    }

    /** Runs on the executor: a batch of calls in order, then the next drain if more are queued. */
    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable call = calls.poll();
                if (call == null) {
                    break;
                }
                call.run(); // never throws: the invoker contains handler faults
            }
        } finally {
            scheduled.set(false);
            if (!calls.isEmpty()) {
                schedule();
            }
        }
    }

    /** The executor is gone: what is queued runs here, messages dropped, so that onClose still comes. */
    private void drainRejected() {
        Runnable call;
        while ((call = calls.poll()) != null) {
            call.run();
        }
    }
}
