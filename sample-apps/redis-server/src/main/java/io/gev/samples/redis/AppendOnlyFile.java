package io.gev.samples.redis;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The event loops' side of the append-only file: a write command runs under one lock together with the records of
 * the keys it changed, so that the file's order is the keyspace's; {@link AofWriter} takes the records to disk on a
 * thread of its own. With {@code appendfsync always} a reply leaves once the file holds every write made before it
 * (see {@link #deliver}); the loops never wait for the disk. With {@code appendonly no} nothing of this runs.
 *
 * <p>Commands are numbered as they are logged: {@link #appended()} is the last number given, {@link #durable()} the
 * last one the writer has written (and, with {@code always}, fsynced).
 */
public final class AppendOnlyFile {

    /** A connection waiting for command {@code needs} to be durable. */
    private record Waiter(Client client, long needs) {
    }

    /** What the writer takes in one pass: the records, the last command they cover and their end in the stream. */
    record Batch(AofRecords records, long seq, long end) {
    }

    /**
     * Appended bytes that wake the writer at once when no reply waits for them ({@code everysec}, {@code no}); less
     * waits for its next pass, {@link AofWriter#PASS} later at most, so that a stream of writes costs the loops no
     * wake-up per command and the disk one write per pass.
     */
    static final int EAGER_WRITE = 1 << 20;

    private final Keyspace keyspace;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Records not yet taken by the writer; guarded by {@link #lock}. */
    private AofRecords pending = new AofRecords(1 << 16);
    /**
     * What each key of the write running now held before it ran ({@link Keyspace#version}), to tell which it changed;
     * reused by every write, guarded by {@link #lock}.
     */
    private Object[] versions = new Object[4];
    /** Bytes ever appended (the end of the record stream); guarded by {@link #lock}. */
    private long streamEnd;
    /** Last command taken by the writer; the writer thread's own. */
    private long taken;
    private final Keyspace.Visitor recordSet = (key, value, expireAt) -> pending.set(key, value, expireAt);
    private volatile long appended;
    private volatile long durable;
    private volatile boolean enabled;
    private volatile FsyncPolicy policy;
    private volatile Thread parkedWriter;
    private volatile boolean wakeRequested;

    AppendOnlyFile(Keyspace keyspace, AofSettings settings) {
        this.keyspace = keyspace;
        this.policy = settings.appendfsync();
    }

    /** Whether write commands are logged ({@code appendonly yes}). Thread safe. */
    public boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The fsync policy in force. Thread safe. */
    public FsyncPolicy policy() {
        return policy;
    }

    /**
     * Changes the fsync policy ({@code CONFIG SET appendfsync}); the writer follows from its next pass. Thread safe.
     */
    public void policy(FsyncPolicy policy) {
        this.policy = policy;
        requestWork();
    }

    /** The number of the last command logged. Thread safe. */
    public long appended() {
        return appended;
    }

    /** The number of the last command on disk. Thread safe. */
    public long durable() {
        return durable;
    }

    /**
     * Runs the write {@code command} and logs a record for each of its keys it changed ({@code FLUSHALL} for a write
     * without keys), all under the file's lock. Call on the client's loop thread; it does not wait for the disk.
     */
    RespReply execute(Command command, Client client, Request request) {
        int first = command.firstKey();
        int last = first == 0 ? -1 : command.lastKey() < 0 ? request.size() + command.lastKey() : command.lastKey();
        last = Math.min(last, request.size() - 1);
        int step = Math.max(1, command.step());
        int keys = first == 0 ? 0 : (last - first) / step + 1;
        lock.lock();
        try {
            appended = appended + 1; // before the change: a reader that sees the change sees this number
            if (keys > versions.length) {
                versions = new Object[Math.max(keys, versions.length * 2)];
            }
            for (int i = 0; i < keys; i++) {
                versions[i] = keyspace.version(request.arg(first + i * step));
            }
            RespReply reply = command.action().execute(client, request);
            long start = pending.length();
            if (first == 0) {
                pending.flushAll();
            }
            for (int i = 0; i < keys; i++) {
                byte[] key = request.arg(first + i * step);
                if (keyspace.version(key) != versions[i] && !keyspace.visit(key, recordSet)) {
                    pending.delete(key);
                }
            }
            streamEnd += pending.length() - start;
            return reply;
        } finally {
            Arrays.fill(versions, 0, Math.min(keys, versions.length), null); // keeps no old value alive
            boolean wake = policy == FsyncPolicy.ALWAYS || pending.length() >= EAGER_WRITE;
            lock.unlock();
            if (wake) {
                wakeWriter();
            }
        }
    }

    /**
     * What the handler returns for {@code reply} (null: it sent itself): the reply, or null when it must wait for the
     * file and was queued, to be sent once the file holds every write made before it, after any reply of the client
     * that waits already. Call on the client's loop thread.
     */
    RespReply deliver(Client client, RespReply reply) {
        WaitingReplies waiting = client.waitingReplies();
        long needs = enabled && policy == FsyncPolicy.ALWAYS ? appended : 0;
        if (needs <= durable) {
            needs = 0;
        }
        if (reply == null || needs == 0 && waiting.isEmpty()) {
            return reply;
        }
        waiting.add(reply.bytes(client.resp3()), needs);
        if (needs > 0) {
            waiters.add(new Waiter(client, needs));
            long now = durable;
            if (now >= needs) { // the writer may have released the waiters before this one was added
                client.waitingReplies().send(new WaitingReplies.Release(now));
            }
        }
        return null;
    }

    /**
     * Marks where a rewrite's snapshot starts: every record appended from here on must follow the snapshot. Tells
     * {@code start} that place in the record stream, under the lock, so that no record is appended or taken
     * meanwhile. Thread safe.
     */
    void markRewriteStart(LongConsumer start) {
        lock.lock();
        try {
            start.accept(streamEnd);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the records appended since the last take, leaving {@code empty} in their place. Writer thread only. */
    Batch take(AofRecords empty) {
        lock.lock();
        try {
            AofRecords records = pending;
            pending = empty;
            taken = appended;
            return new Batch(records, taken, streamEnd);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the file that every command up to {@code seq} is on disk, and sends each connection waiting for one of
     * them what it may now send. Writer thread only.
     */
    void durable(long seq) {
        durable = seq;
        Set<Client> released = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter waiter = it.next();
            if (waiter.needs <= seq) {
                it.remove();
                if (released.add(waiter.client)) {
                    waiter.client.waitingReplies().send(new WaitingReplies.Release(seq));
                }
            }
        }
    }

    /**
     * Waits up to {@code nanos} for a {@link #requestWork()}, or for a record to take when {@code whenAppended}.
     * Writer thread only.
     */
    void awaitWork(long nanos, boolean whenAppended) {
        parkedWriter = Thread.currentThread();
        if ((!whenAppended || appended == taken) && !wakeRequested) {
            LockSupport.parkNanos(this, nanos);
        }
        parkedWriter = null;
        wakeRequested = false;
    }

    /** Has the writer make a pass soon even if nothing was appended (a policy change, a rewrite). Thread safe. */
    void requestWork() {
        wakeRequested = true;
        wakeWriter();
    }

    /** Wakes the writer if it waits. Thread safe. */
    private void wakeWriter() {
        Thread writer = parkedWriter;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }
}
