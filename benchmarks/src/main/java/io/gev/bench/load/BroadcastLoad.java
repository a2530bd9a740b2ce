package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.CsvFile;
import io.gev.bench.measure.ServerMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The broadcast load: {@code --connections} WebSockets to a server that sends every text message to every open
 * WebSocket (the chat pattern). Once all are open, the first sends a JSON chat line of {@code --size} bytes
 * ({@link ChatLines}) and the tool waits until every WebSocket, the sender's too, has received it; then the next,
 * one broadcast at a time, warming up for {@code --warmup} seconds, then measuring for {@code --duration}. It reports
 * broadcasts/s, deliveries/s, the time from sending a line to the last WebSocket having it (p50/p99), and, given the
 * server's pid and probe port, the server's CPU and heap allocation per delivered message. Prints one line and appends
 * a row to {@code --csv}.
 *
 * <p>Options (defaults): {@code --websocket PATH} (required) {@code --host 127.0.0.1 --port 19001 --connections 10000
 * --size 128 --warmup 2 --duration 5 --sources 4 --server-pid 0 --probe-port 0 --clk-tck 100 --csv "" --scenario ""
 * --server "" --round 0}. One thread, one selector; {@code --sources N} spreads the connections over 127.0.0.2 to
 * 127.0.0.N+1.
 */
public final class BroadcastLoad {

    static final String HEADER = "scenario,server,round,connections,size,broadcasts,broadcasts_per_s,deliveries_per_s,"
            + "p50_ms,p99_ms,server_cpu_ns_per_delivery,alloc_b_per_delivery";
    private static final long BROADCAST_TIMEOUT_NS = 30_000_000_000L;

    private final WebSocketCrowd crowd;
    private final int[] pendingIn;
    private final int size;

    private BroadcastLoad(int connections, int size) throws IOException {
        this.crowd = new WebSocketCrowd(connections);
        this.pendingIn = new int[connections];
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        int connections = o.getInt("connections", 10_000);
        int size = o.getInt("size", 128);
        InetSocketAddress server = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 19001));
        ServerMeter meter = ServerMeter.fromOptions(o);
        if (o.get("websocket", "").isEmpty()) {
            throw new IllegalArgumentException("--websocket PATH is required: the broadcast goes over WebSockets");
        }
        BroadcastLoad load = new BroadcastLoad(connections, size);
        List<InetSocketAddress> sources = EchoLoad.share(connections, 1, o.getInt("sources", 4)).get(0);
        load.crowd.open(server, sources, Wires.fromOptions(o), load::lines);

        ChatLines lines = new ChatLines(size);
        ByteBuffer line = ByteBuffer.allocateDirect(size);
        long warmupEnd = System.nanoTime() + o.getInt("warmup", 2) * 1_000_000_000L;
        int sent = 0;
        while (System.nanoTime() < warmupEnd) {
            load.broadcast(lines, sent++, line);
        }
        Histogram toAll = new Histogram(BROADCAST_TIMEOUT_NS, 3);
        double cpu0 = meter.cpuSeconds();
        double alloc0 = meter.allocatedBytes();
        long t0 = System.nanoTime();
        long end = t0 + o.getInt("duration", 5) * 1_000_000_000L;
        long broadcasts = 0;
        while (System.nanoTime() < end) {
            toAll.recordValue(load.broadcast(lines, sent++, line));
            broadcasts++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = meter.cpuSeconds() - cpu0;
        double alloc = meter.allocatedBytes() - alloc0;
        load.crowd.close();

        long deliveries = broadcasts * connections;
        double p50 = toAll.getValueAtPercentile(50) / 1e6;
        double p99 = toAll.getValueAtPercentile(99) / 1e6;
        double cpuPerDelivery = cpu * 1e9 / deliveries;
        double allocPerDelivery = alloc / deliveries;
        System.out.printf("%s %s: %d WebSockets, %d B lines: %d broadcasts, %,.1f broadcasts/s, %,.0f deliveries/s, "
                        + "to all in p50 %.2f ms, p99 %.2f ms, server %.0f CPU ns and %.1f B allocated per delivery%n",
                o.get("server", "?"), o.get("scenario", ""), connections, size, broadcasts, broadcasts / seconds,
                deliveries / seconds, p50, p99, cpuPerDelivery, allocPerDelivery);
        String csv = o.get("csv", "");
        if (!csv.isEmpty()) {
            new CsvFile(Path.of(csv), HEADER).append(o.get("scenario", ""), o.get("server", ""), o.getInt("round", 0),
                    connections, size, broadcasts, broadcasts / seconds, deliveries / seconds, p50, p99,
                    cpuPerDelivery, allocPerDelivery);
        }
    }

    /** Sends line {@code index} from the first WebSocket; returns the nanoseconds until all have received it. */
    private long broadcast(ChatLines lines, int index, ByteBuffer line) throws IOException {
        line.clear();
        lines.copy(index, line);
        line.flip();
        long start = System.nanoTime();
        if (crowd.wire(0).write(line) != size) {
            throw new IOException("the sender's previous output is still queued");
        }
        int waiting = crowd.size();
        while (waiting > 0) {
            if (System.nanoTime() - start > BROADCAST_TIMEOUT_NS) {
                throw new IOException(waiting + " of " + crowd.size() + " WebSockets did not receive a broadcast");
            }
            waiting -= crowd.serve(100, this::lines);
        }
        return System.nanoTime() - start;
    }

    /** Counts {@code bytes} more of WebSocket {@code index}; returns how many whole lines they completed. */
    private int lines(int index, int bytes) {
        pendingIn[index] += bytes;
        int lines = pendingIn[index] / size;
        pendingIn[index] -= lines * size;
        return lines;
    }
}
