package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.CsvFile;
import io.gev.bench.measure.ServerMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk stream load of the proxy benchmarks: {@code --connections} connections through a proxy to a sink upstream
 * ({@code benchmarks/src/main/c/upstream.c} in {@code sink} mode, which discards what it reads), each writing
 * {@code --chunk} bytes at a time as fast as the path takes them, one direction only. After the warm-up it measures
 * for {@code --duration} seconds the bytes the connections' sockets accepted (with every buffer on the path full at
 * both ends of the window, that is what the proxy relayed): MiB/s, and, given the proxy's pid and probe port, its CPU
 * seconds per GiB and heap bytes allocated per MiB relayed. Then it stops writing and waits, 30 s at most, until the
 * sink has reported (8 bytes little-endian, sent once it is idle) that it received every byte each connection sent:
 * a run where bytes went missing or were added fails (exit 1) and writes no row.
 *
 * <p>Options (defaults): {@code --host 127.0.0.1 --port 19001 --connections 8 --chunk 65536 --warmup 2 --duration 5
 * --server-pid 0 --probe-port 0 --clk-tck 100 --csv "" --scenario "" --server "" --round 0}. One thread, no
 * allocation once running.
 */
public final class StreamLoad {

    static final String HEADER = "scenario,server,round,connections,chunk,mib_per_s,server_cpu_s_per_GiB,"
            + "alloc_b_per_MiB";
    private static final double MIB = 1024.0 * 1024.0;
    private static final long DRAIN_NANOS = 30_000_000_000L;

    private StreamLoad() {
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        int connections = o.getInt("connections", 8);
        ByteBuffer payload = ByteBuffer.allocateDirect(o.getInt("chunk", 64 * 1024));
        for (int i = 0; i < payload.capacity(); i++) {
            payload.put(i, (byte) ('a' + i % 26));
        }
        InetSocketAddress proxy = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 19001));
        ServerMeter meter = ServerMeter.fromOptions(o);
        Selector selector = Selector.open();
        List<Stream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                streams.add(new Stream(selector, proxy, payload.duplicate()));
            }
            pump(selector, System.nanoTime() + o.getInt("warmup", 2) * 1_000_000_000L);
            long sent0 = sent(streams);
            double cpu0 = meter.cpuSeconds();
            double alloc0 = meter.allocatedBytes();
            long t0 = System.nanoTime();
            pump(selector, t0 + o.getInt("duration", 5) * 1_000_000_000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double bytes = sent(streams) - sent0;
            double cpu = meter.cpuSeconds() - cpu0;
            double alloc = meter.allocatedBytes() - alloc0;
            awaitCounted(selector, streams);

            double mibPerSecond = bytes / MIB / seconds;
            double cpuPerGib = cpu / (bytes / (1024 * MIB));
            double allocPerMib = alloc / (bytes / MIB);
            System.out.printf("%s %s: %d conns, %d B writes: %.1f MiB/s, server %.3f CPU s/GiB, %.1f B allocated/MiB;"
                    + " every byte counted by the sink%n", o.get("server", "?"), o.get("scenario", ""), connections,
                    payload.capacity(), mibPerSecond, cpuPerGib, allocPerMib);
            String csv = o.get("csv", "");
            if (!csv.isEmpty()) {
                new CsvFile(Path.of(csv), HEADER).append(o.get("scenario", ""), o.get("server", ""),
                        o.getInt("round", 0), connections, payload.capacity(), mibPerSecond, cpuPerGib, allocPerMib);
            }
        } catch (IOException e) {
            System.err.println("stream load failed: " + e.getMessage());
            System.exit(1);
        } finally {
            LoadWorker.closeAll(selector);
        }
    }

    /** Writes and reads until {@code deadline} (System.nanoTime()). */
    private static void pump(Selector selector, long deadline) throws IOException {
        while (System.nanoTime() < deadline) {
            selector.select(10);
            Selected.serve(selector);
        }
    }

    /** Stops writing and waits until the sink has counted every byte of every connection. */
    private static void awaitCounted(Selector selector, List<Stream> streams) throws IOException {
        for (Stream stream : streams) {
            stream.key.interestOps(SelectionKey.OP_READ);
        }
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (!streams.stream().allMatch(s -> s.counted == s.sent)) {
            if (System.nanoTime() > deadline) {
                Stream behind = streams.stream().filter(s -> s.counted != s.sent).findFirst().orElseThrow();
                throw new IOException("a connection sent " + behind.sent + " bytes but the sink counted "
                        + behind.counted + " after " + DRAIN_NANOS / 1_000_000_000L + " s");
            }
            selector.select(100);
            Selected.serve(selector); // reads only: no connection asks to write any more
        }
    }

    private static long sent(List<Stream> streams) {
        return streams.stream().mapToLong(s -> s.sent).sum();
    }

    /** One connection: what it wrote, and what the sink last said it received. */
    private static final class Stream implements Selected {

        /** Writes per readiness event at most, so that one connection does not hold the others up. */
        private static final int WRITES_PER_EVENT = 16;

        final SocketChannel channel;
        final SelectionKey key;
        final ByteBuffer payload;
        final ByteBuffer count = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long sent;
        long counted;

        Stream(Selector selector, InetSocketAddress proxy, ByteBuffer payload) throws IOException {
            this.channel = SocketChannel.open(proxy);
            this.payload = payload;
            channel.configureBlocking(false);
            this.key = channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, this);
        }

        @Override
        public void writable() throws IOException {
            for (int i = 0; i < WRITES_PER_EVENT; i++) {
                payload.clear();
                int n = channel.write(payload);
                sent += n;
                if (n < payload.capacity()) {
                    return;
                }
            }
        }

        /** Reads the sink's counts (cumulative: the last one read is the one that matters). */
        @Override
        public void readable() throws IOException {
            int n;
            while ((n = channel.read(count)) > 0) {
                if (!count.hasRemaining()) {
                    counted = count.getLong(0);
                    count.clear();
                }
            }
            if (n < 0) {
                throw new IOException("the proxy closed a connection (" + sent + " bytes sent, " + counted
                        + " counted by the sink)");
            }
        }
    }
}
