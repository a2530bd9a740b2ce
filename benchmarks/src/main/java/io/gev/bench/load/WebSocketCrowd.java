package io.gev.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Many WebSockets to one server on one selector, read by the caller's thread: the clients of the broadcast and chat
 * room loads. Each read's payload bytes go to an {@link Arrivals} callback with the WebSocket's index. Not thread safe.
 */
final class WebSocketCrowd implements AutoCloseable {

    /** What is done with the payload bytes one read of WebSocket {@code index} yielded; returns a count to sum. */
    interface Arrivals {
        int received(int index, int bytes);
    }

    private static final long OPEN_TIMEOUT_NS = 120_000_000_000L;

    private final Selector selector = Selector.open();
    private final Wire[] wires;
    private final ByteBuffer inbound = ByteBuffer.allocateDirect(256 * 1024);
    private int established;

    WebSocketCrowd(int connections) throws IOException {
        this.wires = new Wire[connections];
    }

    /** The WebSocket at {@code index}. */
    Wire wire(int index) {
        return wires[index];
    }

    /** How many WebSockets there are. */
    int size() {
        return wires.length;
    }

    /** Connects every WebSocket from {@code sources} (null: any) and waits until each has its handshake done. */
    void open(InetSocketAddress server, List<InetSocketAddress> sources, Wires factory, Arrivals arrivals)
            throws IOException {
        long deadline = System.nanoTime() + OPEN_TIMEOUT_NS;
        for (int i = 0; i < wires.length; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (sources.get(i) != null) {
                channel.bind(sources.get(i));
            }
            channel.connect(server);
            channel.configureBlocking(false);
            wires[i] = factory.open(channel);
            channel.register(selector, SelectionKey.OP_READ, i);
            wires[i].start();
            if (i % 64 == 63) {
                serve(0, arrivals);
            }
        }
        while (established < wires.length) {
            if (System.nanoTime() > deadline) {
                throw new IOException(established + " of " + wires.length + " WebSockets open after 120 s");
            }
            serve(100, arrivals);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: not at all) for WebSockets to read, reads each one that can, answers
     * pings, and returns the sum of what {@code arrivals} returned.
     */
    int serve(long timeoutMillis, Arrivals arrivals) throws IOException {
        int ready = timeoutMillis == 0 ? selector.selectNow() : selector.select(timeoutMillis);
        if (ready == 0) {
            return 0;
        }
        int sum = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            int i = (Integer) key.attachment();
            Wire wire = wires[i];
            boolean wasOpen = wire.established();
            inbound.clear();
            int n = wire.read(inbound);
            if (n < 0) {
                throw new IOException("the server closed WebSocket " + i);
            }
            if (!wasOpen && wire.established()) {
                established++;
            }
            sum += arrivals.received(i, n);
            wire.flush(); // a pong, if a ping came
        }
        selector.selectedKeys().clear();
        return sum;
    }

    @Override
    public void close() {
        LoadWorker.closeAll(selector);
    }
}
