package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
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
     * The largest maximum datagram size: the loop's read buffer must hold one byte more than the maximum, which is how
     * a longer datagram (cut to the room given) is told apart.
     */
    static final int MAX_DATAGRAM_SIZE = EventLoop.READ_BUFFER_SIZE - 1;
    private static final long WARNING_INTERVAL_NANOS = 1_000_000_000L;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final ServerConfig config;
    private final HandlerInvoker invoker;
    private final InetSocketAddress localAddress;
    private final Receiver receiver;
    private long lastWarning;

    private DatagramEndpoint(EventLoop loop, DatagramChannel channel, ServerConfig config, HandlerInvoker invoker,
            InetSocketAddress localAddress) {
        this.loop = loop;
        this.channel = channel;
        this.config = config;
        this.invoker = invoker;
        this.localAddress = localAddress;
        this.receiver = new Receiver(channel);
    }

    /**
     * Binds the server's datagram sockets and registers them with their loops, which must not have started yet (their
     * selectors then see the sockets from the first select on). With more than one loop, and SO_REUSEPORT available,
     * every loop gets a socket of its own, all bound to one port, and the kernel spreads the senders over them;
     * otherwise the first loop's socket serves everyone. Returns the bound address (the configured host, the real
     * port).
     *
     * @throws UncheckedIOException          when the address cannot be bound (the message names it)
     * @throws UnsupportedOperationException when reuse-port was asked for and the platform lacks SO_REUSEPORT
     */
    static InetSocketAddress bind(ServerConfig config, EventLoopGroup group, HandlerInvoker invoker) {
        List<DatagramChannel> channels = new ArrayList<>(group.size());
        boolean bound = false;
        try {
            DatagramChannel first = DatagramChannel.open();
            channels.add(first);
            boolean reusePort = first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (config.reusePort() && !reusePort) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform");
            }
            int sockets = reusePort ? group.size() : 1;
            if (sockets < group.size()) {
                log.info("gev: no SO_REUSEPORT here, so one datagram socket on loop 0 serves every sender");
            }
            boolean sharePort = sockets > 1 || config.reusePort();
            configure(first, config, sharePort).bind(config.address());
            int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            InetSocketAddress address = new InetSocketAddress(((InetSocketAddress) config.address()).getAddress(), port);
            for (int i = 1; i < sockets; i++) {
                DatagramChannel next = DatagramChannel.open();
                channels.add(next);
                configure(next, config, true).bind(address);
            }
            for (int i = 0; i < sockets; i++) {
                DatagramEndpoint endpoint = new DatagramEndpoint(group.loops().get(i), channels.get(i), config,
                        invoker, address);
                channels.get(i).register(endpoint.loop.selector(), SelectionKey.OP_READ, endpoint);
            }
            bound = true;
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException("gev: cannot bind udp " + Acceptor.describe(config.address()) + ": "
                    + e.getMessage(), e);
        } finally {
            if (!bound) {
                channels.forEach(Acceptor::closeQuietly);
            }
        }
    }

    private static DatagramChannel configure(DatagramChannel channel, ServerConfig config, boolean sharePort)
            throws IOException {
        channel.configureBlocking(false);
        if (sharePort) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        if (config.receiveBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
        }
        if (config.sendBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
        }
        return channel;
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
        RingBuffer buffer = loop.readBuffer();
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
            length = buffer.readFrom(receiver, config.maxDatagramSize() + 1);
            sender = receiver.takeSender();
        } catch (IOException e) {
            loop.counters().increment(LoopCounters.IO_ERRORS);
            warn("gev: receiving on udp {} failed: {}", Acceptor.describe(localAddress), e.toString());
            return false;
        }
        if (sender == null) {
            return false;
        }
        if (length > config.maxDatagramSize()) {
            loop.counters().increment(LoopCounters.DATAGRAMS_DROPPED);
            warn("gev: dropped a datagram from {} to udp {}: longer than the maximum of {} bytes", sender,
                    Acceptor.describe(localAddress), config.maxDatagramSize());
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
            sendNow(peer, message, onFlushed);
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
            bytes = config.protocol().pack(peer, message);
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

    /** Closes the socket (its key with it); the loop does this as it ends. In loop. */
    @Override
    public void closeNow() {
        Acceptor.closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[udp " + Acceptor.describe(localAddress) + " on " + loop.thread().getName() + "]";
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
