package io.gev.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One load thread: a selector over its share of the connections. Each connection keeps {@code depth} messages in
 * flight (1 is ping-pong); every message that has come back whole is counted, timed from when it was sent, and
 * replaced by a new one. Allocation free once running, so the client measures the server and not its own GC.
 */
final class LoadWorker implements Runnable {

    /** Where the run is; workers count and time only while it is {@link #MEASURING}. */
    static final int WARMING_UP = 0;
    static final int MEASURING = 1;
    static final int DONE = 2;

    private final Selector selector;
    private final int size;
    private final int depth;
    private final EchoLoad.Phase phase;
    private final ByteBuffer inbound = ByteBuffer.allocateDirect(256 * 1024);
    final Histogram latency = new Histogram(60_000_000_000L, 3);
    long messages;
    long failures;

    LoadWorker(List<InetSocketAddress> targets, InetSocketAddress server, int size, int depth, EchoLoad.Phase phase)
            throws IOException {
        this.selector = Selector.open();
        this.size = size;
        this.depth = depth;
        this.phase = phase;
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
            Flow flow = new Flow(channel, payload.duplicate(), depth);
            flow.key = channel.register(selector, SelectionKey.OP_READ, flow);
        }
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (SelectionKey key : selector.keys()) {
                Flow flow = (Flow) key.attachment();
                for (int i = 0; i < depth; i++) {
                    flow.queue(now, size);
                }
                flow.flush();
            }
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
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
        }
    }

    /** Zeroes what was counted while warming up. */
    void reset() {
        latency.reset();
        messages = 0;
    }

    private void serve(Flow flow, boolean measuring) throws IOException {
        SelectionKey key = flow.key;
        if (key.isReadable()) {
            inbound.clear();
            int n = flow.channel.read(inbound);
            if (n < 0) {
                throw new IOException("the server closed a connection");
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

        final SocketChannel channel;
        final ByteBuffer payload;
        final long[] sentAt;
        SelectionKey key;
        long pendingOut;
        long pendingIn;
        int head;
        int inFlight;

        Flow(SocketChannel channel, ByteBuffer payload, int depth) {
            this.channel = channel;
            this.payload = payload;
            this.sentAt = new long[depth];
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
            while (pendingOut > 0) {
                payload.clear().limit((int) Math.min(pendingOut, payload.capacity()));
                int n = channel.write(payload);
                pendingOut -= n;
                if (n == 0) {
                    break;
                }
            }
            int ops = pendingOut > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }
}
