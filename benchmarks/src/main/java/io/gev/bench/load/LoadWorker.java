package io.gev.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One load thread: a selector over its share of the connections. Each connection keeps {@code depth} messages in
 * flight (1 is ping-pong); every message that has come back whole is counted, timed from when it was sent, and
 * replaced by a new one. Allocation free once running, so the client measures the server and not its own GC (over TLS
 * the JDK's engine allocates a little per record; {@code EchoLoad} reports it). Over TLS every connection first
 * completes its handshake, before the warm-up, and only then sends; at most {@link #HANDSHAKES_AT_ONCE} handshakes are
 * under way at a time, so that a cold server's first handshakes (slow until the JIT has compiled JSSE) do not run into
 * its handshake timeout. WebSockets send their upgrade requests all at once: an upgrade is cheap, and one that waited
 * its turn would run into the server's handshake timeout. Given {@link ChatLines} (WebSocket wires, one message in
 * flight) each message is the next JSON chat line, each connection starting at a different line; else a fixed run of
 * letters. (WebSocket wires allocate a little per frame read.)
 */
final class LoadWorker implements Runnable {

    /** Where the run is; workers count and time only while it is {@link #MEASURING}. */
    static final int WARMING_UP = 0;
    static final int MEASURING = 1;
    static final int DONE = 2;
    /** TLS handshakes under way at once, per worker. */
    static final int HANDSHAKES_AT_ONCE = 8;

    private final Selector selector;
    private final int size;
    private final int depth;
    private final EchoLoad.Phase phase;
    private final int handshakesAtOnce;
    private final ByteBuffer inbound = ByteBuffer.allocateDirect(256 * 1024);
    final Histogram latency = new Histogram(60_000_000_000L, 3);
    long messages;
    volatile long failures;
    /** One of the worker's connections, to tell what they negotiated. */
    Wire sample;
    /** How many of its connections are established and sending; written by the worker only. */
    volatile int established;
    /** The connections in the order they start; those from {@link #started} on wait for a handshake to finish. */
    private final List<Flow> flows = new ArrayList<>();
    private int started;

    LoadWorker(List<InetSocketAddress> targets, InetSocketAddress server, Wires wires, int size, int depth,
            ChatLines lines, EchoLoad.Phase phase) throws IOException {
        this.selector = Selector.open();
        this.size = size;
        this.depth = depth;
        this.phase = phase;
        this.handshakesAtOnce = wires.tls() ? HANDSHAKES_AT_ONCE : Integer.MAX_VALUE;
        ByteBuffer payload = ByteBuffer.allocateDirect(size * depth);
        for (int i = 0; i < payload.capacity(); i++) {
            payload.put(i, (byte) ('a' + i % 26));
        }
        for (InetSocketAddress source : targets) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(source);
            }
            channel.connect(server);
            channel.configureBlocking(false);
            Flow flow = new Flow(wires.open(channel), payload.duplicate(), depth, lines, 997 * flows.size());
            if (sample == null) {
                sample = flow.wire;
            }
            flow.key = channel.register(selector, SelectionKey.OP_READ, flow);
            flows.add(flow);
        }
    }

    @Override
    public void run() {
        try {
            startMore();
            while (phase.value != DONE) {
                selector.select(10);
                boolean measuring = phase.value == MEASURING;
                for (SelectionKey key : selector.selectedKeys()) {
                    serve((Flow) key.attachment(), measuring);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            failures++;
            System.err.println("load worker failed: " + e);
        } finally {
            closeAll(selector);
        }
    }

    /** Closes every channel of {@code selector}, then the selector. */
    static void closeAll(Selector selector) {
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        closeQuietly(selector);
    }

    /** Bytes of the server's WebSocket frames, headers included, over every connection (0 for other wires). */
    long frameBytesIn() {
        return flows.stream().mapToLong(f -> f.wire instanceof WebSocketWire ws ? ws.frameBytesIn : 0).sum();
    }

    /** Message bytes those frames carried, inflated (0 for other wires). */
    long messageBytesIn() {
        return flows.stream().mapToLong(f -> f.wire instanceof WebSocketWire ws ? ws.messageBytesIn : 0).sum();
    }

    /** Zeroes what was counted while warming up. */
    void reset() {
        latency.reset();
        messages = 0;
    }

    /** Starts connections (their handshakes) until {@link #handshakesAtOnce} are under way or all are started. */
    private void startMore() throws IOException {
        while (started < flows.size() && started - established < handshakesAtOnce) {
            Flow flow = flows.get(started++);
            flow.wire.start();
            startIfEstablished(flow);
            flow.flush();
        }
    }

    /**
     * The first {@code depth} messages go out once the connection is established (at once for plain TCP); returns
     * whether that happened now.
     */
    private boolean startIfEstablished(Flow flow) {
        if (flow.sending || !flow.wire.established()) {
            return false;
        }
        flow.sending = true;
        established++; // the worker's own field: no lost update
        long now = System.nanoTime();
        for (int i = 0; i < depth; i++) {
            flow.queue(now, size);
        }
        return true;
    }

    private void serve(Flow flow, boolean measuring) throws IOException {
        SelectionKey key = flow.key;
        if (key.isReadable()) {
            inbound.clear();
            int n = flow.wire.read(inbound);
            if (n < 0) {
                throw new IOException("the server closed a connection");
            }
            if (startIfEstablished(flow)) {
                startMore(); // a handshake finished: the next connection may start its own
            }
            flow.pendingIn += n;
            long now = System.nanoTime();
            while (flow.pendingIn >= size) {
                flow.pendingIn -= size;
                long sent = flow.complete();
                if (measuring) {
                    messages++;
                    latency.recordValue(Math.max(0, now - sent));
                }
                flow.queue(now, size);
            }
        }
        flow.flush();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }

    /** One connection: bytes still to send, bytes of an incomplete echo, and send times of messages in flight. */
    private static final class Flow {

        final Wire wire;
        final ByteBuffer payload;
        final long[] sentAt;
        /** The chat lines sent in turn, or null for the fixed payload. */
        final ChatLines lines;
        int nextLine;
        SelectionKey key;
        /** The first messages went out: the connection is established. */
        boolean sending;
        long pendingOut;
        long pendingIn;
        int head;
        int inFlight;

        Flow(Wire wire, ByteBuffer payload, int depth, ChatLines lines, int firstLine) {
            this.wire = wire;
            this.payload = payload;
            this.sentAt = new long[depth];
            this.lines = lines;
            this.nextLine = firstLine;
        }

        void queue(long now, int size) {
            sentAt[(head + inFlight) % sentAt.length] = now;
            inFlight++;
            pendingOut += size;
        }

        long complete() {
            long sent = sentAt[head];
            head = (head + 1) % sentAt.length;
            inFlight--;
            return sent;
        }

        void flush() throws IOException {
            boolean drained = wire.flush();
            while (drained && pendingOut > 0) {
                payload.clear().limit((int) Math.min(pendingOut, payload.capacity()));
                if (lines != null) {
                    lines.copy(nextLine++, payload);
                    payload.flip();
                }
                int n = wire.write(payload);
                pendingOut -= n;
                if (n == 0) {
                    break;
                }
            }
            boolean waiting = pendingOut > 0 || wire.pending();
            int ops = waiting ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }
}
