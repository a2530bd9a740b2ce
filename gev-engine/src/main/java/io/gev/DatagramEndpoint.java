package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound datagram socket of a UDP server, on one event loop: every datagram it receives is one message for the
 * handler, from a {@link DatagramPeer}, and every reply leaves it as one datagram back to that sender.
 *
 * <p>Receiving drains the socket in batches of at most {@link #MAX_DATAGRAMS_PER_READ} per readiness event, each
 * datagram read into the loop's shared read buffer and copied out once, as the handler's {@code byte[]}. A datagram
 * longer than the maximum datagram size is dropped. Sending never blocks: a datagram the socket has no room for is
 * dropped. Drops are counted ({@link ServerStats#datagramsDropped()}) and, like every failure here, logged at most
 * once a second per socket (the rest at debug), so that a flood of bad datagrams cannot flood the log; none of them
 * stops the socket.
 *
 * <p>{@link #send} and the accessors are thread safe; everything else runs in loop.
 */
final class DatagramEndpoint implements Selectable {

    private static final Logger log = LoggerFactory.getLogger(DatagramEndpoint.class);

    /** Datagrams received per readiness event at most, so that one busy socket cannot starve the loop's timers. */
    static final int MAX_DATAGRAMS_PER_READ = 64;
    /**
     * The largest maximum datagram size, what a UDP datagram's 16-bit length allows. The loop's read buffer holds one
     * byte more than the maximum, which is how a longer datagram (cut to the room given) is told apart.
     */
    static final int MAX_DATAGRAM_SIZE = 65535;
    private static final long WARNING_INTERVAL_NANOS = 1_000_000_000L;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final DatagramOptions options;
    private final HandlerInvoker invoker;
    private final InetSocketAddress localAddress;
    private final Receiver receiver;
    private long lastWarning;

    /** The endpoint of {@code channel}, bound to {@code localAddress}, on {@code loop}; not registered yet. */
    DatagramEndpoint(EventLoop loop, DatagramChannel channel, DatagramOptions options, HandlerInvoker invoker,
            InetSocketAddress localAddress) {
        this.loop = loop;
        this.channel = channel;
        this.options = options;
        this.invoker = invoker;
        this.localAddress = localAddress;
        this.receiver = new Receiver(channel);
    }

    /** Registers the socket with its loop, which must not have started yet. */
    void register() throws IOException {
        loop.register(channel, SelectionKey.OP_READ, this);
    }

    EventLoop loop() {
        return loop;
    }

    /** The bound address: the configured host and the real port. Thread safe. */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Whether the socket is open. Thread safe. */
    boolean isOpen() {
        return channel.isOpen();
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /** Datagrams are waiting: receives and handles up to a batch of them. In loop. */
    @Override
    public void ready(int readyOps) {
        RingBuffer buffer = loop.buffers().read();
        try {
            for (int i = 0; i < MAX_DATAGRAMS_PER_READ; i++) {
                if (!receiveOne(buffer)) {
                    return;
                }
            }
        } finally {
            buffer.clear();
        }
    }

    /** Receives one datagram into {@code buffer} and handles it; returns false when the socket held none. */
    private boolean receiveOne(RingBuffer buffer) {
        buffer.clear();
        int length;
        SocketAddress sender;
        try {
            length = buffer.readFrom(receiver, options.maxDatagramSize() + 1);
            sender = receiver.takeSender();
        } catch (IOException e) {
            loop.counters().increment(LoopCounters.IO_ERRORS);
            warn("gev: receiving on udp {} failed: {}", Sockets.describe(localAddress), e.toString());
            return false;
        }
        if (sender == null) {
            return false;
        }
        if (length > options.maxDatagramSize()) {
            loop.counters().increment(LoopCounters.DATAGRAMS_DROPPED);
            warn("gev: dropped a datagram from {} to udp {}: longer than the maximum of {} bytes", sender,
                    Sockets.describe(localAddress), options.maxDatagramSize());
            return true; // not counted as read: nobody handled these bytes
        }
        loop.counters().add(LoopCounters.BYTES_READ, length);
        loop.counters().increment(LoopCounters.MESSAGES_RECEIVED);
        DatagramPeer peer = new DatagramPeer(this, sender);
        Object reply = invoker.onMessage(peer, null, buffer.readBytes(length));
        if (reply != null) {
            sendNow(peer, reply, null);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Packs {@code message} and sends it to {@code peer} as one datagram, then runs {@code onFlushed} (if any): at once
     * on the loop, else through its task queue. Thread safe.
     */
    void send(DatagramPeer peer, Object message, Runnable onFlushed) {
        if (loop.inLoop()) {
            sendNow(peer, message, onFlushed); // no task on the loop: a reply allocates nothing here
        } else {
            loop.execute(() -> sendNow(peer, message, onFlushed));
        }
    }

    private void sendNow(DatagramPeer peer, Object message, Runnable onFlushed) {
        if (!channel.isOpen()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = options.protocol().pack(peer, message);
        } catch (Throwable t) {
            loop.counters().increment(LoopCounters.PROTOCOL_ERRORS);
            warn("gev: {}: protocol pack failed, nothing sent: {}", peer, t.toString());
            return;
        }
        if (bytes == null || bytes.length == 0) {
            return;
        }
        int sent;
        try {
            sent = channel.send(ByteBuffer.wrap(bytes), peer.peerAddress());
        } catch (IOException | RuntimeException e) {
            loop.counters().increment(LoopCounters.IO_ERRORS);
            warn("gev: {}: sending {} bytes failed: {}", peer, bytes.length, e.toString());
            return;
        }
        if (sent == 0) {
            loop.counters().increment(LoopCounters.DATAGRAMS_DROPPED);
            warn("gev: {}: the socket's send buffer is full; dropped a datagram of {} bytes", peer, bytes.length);
            return;
        }
        loop.counters().add(LoopCounters.BYTES_WRITTEN, sent);
        loop.counters().increment(LoopCounters.MESSAGES_SENT);
        if (onFlushed != null) {
            invoker.onFlushed(peer, onFlushed);
        }
    }

    // ------------------------------------------------------------------------------------------------ failures

    /** A handler callback for {@code peer} threw: counted and reported; the datagram's reply, if any, is lost. */
    void handlerFailed(DatagramPeer peer, String what, Throwable t) {
        loop.counters().increment(LoopCounters.HANDLER_ERRORS);
        warn("gev: handler {} failed for {}", what, peer, t);
    }

    /** Logs a warning unless this socket logged one less than a second ago; then it goes to debug. */
    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning >= WARNING_INTERVAL_NANOS) {
            lastWarning = now;
            log.warn(format, args);
        } else {
            log.debug(format, args);
        }
    }

    /**
     * The loop shuts down: a datagram socket has nothing to drain, so it no longer holds the loop; it stays open
     * until the loop ends, so that sends queued before the stop still go out. In loop.
     */
    @Override
    public void shutdown() {
        loop.deregister(this);
    }

    /** Closes the socket (its key with it); the loop does this as it ends. In loop. */
    @Override
    public void closeNow() {
        loop.deregister(this);
        Sockets.closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[udp " + Sockets.describe(localAddress) + " on " + loop.thread().getName() + "]";
    }

    /**
     * The socket as {@link RingBuffer#readFrom} reads it: one read is one receive, whose sender it keeps for
     * {@link #takeSender()}. The buffer is empty before every receive, so a read always gets a single slice. Not
     * thread safe, but in loop.
     */
    private static final class Receiver implements ScatteringByteChannel {

        private final DatagramChannel channel;
        private SocketAddress sender;

        Receiver(DatagramChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int start = dst.position();
            sender = channel.receive(dst);
            return dst.position() - start;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new IllegalStateException("a datagram is received into one slice");
        }

        @Override
        public long read(ByteBuffer[] dsts) {
            return read(dsts, 0, dsts.length);
        }

        /** The sender of the datagram the last read received, or null when there was none; forgets it. */
        SocketAddress takeSender() {
            SocketAddress s = sender;
            sender = null;
            return s;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        /** The endpoint owns the socket and closes it. */
        @Override
        public void close() {
        }
    }
}
