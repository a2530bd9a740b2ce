package io.gev.bench.load;

import io.gev.bench.CsvFile;
import io.gev.bench.Arguments;
import io.gev.bench.measure.ServerMeter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The echo load generator: opens {@code --connections} connections, keeps {@code --depth} messages of {@code --size}
 * bytes in flight on each (1: ping-pong; more: pipelined), warms up, then measures for {@code --duration} seconds:
 * messages/s, MiB/s each way, latency percentiles, and, given the server's pid and probe port, the server's CPU
 * seconds and heap bytes allocated per message. Prints one line and appends a row to {@code --csv}.
 *
 * <p>Options (defaults): {@code --host 127.0.0.1 --port 19001 --connections 50 --size 64 --depth 1 --threads 1
 * --warmup 2 --duration 5 --sources 1 --server-pid 0 --probe-port 0 --clk-tck 100 --csv "" --scenario "" --server ""
 * --round 0 --loops 0}. {@code --sources N} spreads the connections over source addresses 127.0.0.2 to 127.0.0.N+1
 * (when one address has too few ephemeral ports). With {@code --tls FILE --tls-password PW} every connection is TLS
 * ({@link Wires}: {@code --tls-protocol TLSv1.3}, {@code --tls-cipher ""} for the JDK's choice); the warm-up begins
 * once every connection has finished its handshake (at most 60 s after the start), and the row tells the protocol and cipher suite negotiated ({@code plain} and nothing without TLS). The printed
 * line also gives the load generator's own heap allocation per message, to show it measures the server and not its
 * own garbage.
 *
 * <p>With {@code --websocket PATH} (and {@code --deflate true}) every connection is a WebSocket ({@link Wires}) and
 * each message one text message; {@code --text json} makes each a JSON chat line of {@code --size} bytes
 * ({@link ChatLines}) instead of a run of letters. WebSocket runs keep one message in flight ({@code --depth 1}), and
 * the row adds {@code wire_ratio}: the bytes of the server's frames per message byte they carried (below 1: it
 * compressed).
 */
public final class EchoLoad {

    static final String HEADER = "scenario,server,round,connections,size,depth,loops,msgs_per_s,mib_per_s,p50_us,p99_us,"
            + "p999_us,server_cpu_s_per_M,alloc_b_per_msg,transport,cipher,wire_ratio";

    /** The phase of the run, shared by the workers. */
    static final class Phase {
        volatile int value = LoadWorker.WARMING_UP;
    }

    private EchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        int connections = o.getInt("connections", 50);
        int size = o.getInt("size", 64);
        int depth = o.getInt("depth", 1);
        int threads = Math.max(1, Math.min(o.getInt("threads", 1), connections));
        InetSocketAddress server = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 19001));
        ServerMeter meter = ServerMeter.fromOptions(o);

        Wires wires = Wires.fromOptions(o);
        ChatLines lines = switch (o.get("text", "letters")) {
            case "letters" -> null;
            case "json" -> new ChatLines(size);
            default -> throw new IllegalArgumentException("--text is letters or json");
        };
        if (wires.websocket() ? depth != 1 : lines != null) {
            throw new IllegalArgumentException("a WebSocket run has --depth 1; --text json needs --websocket");
        }
        Phase phase = new Phase();
        List<LoadWorker> workers = new ArrayList<>();
        List<List<InetSocketAddress>> shares = share(connections, threads, o.getInt("sources", 1));
        for (List<InetSocketAddress> share : shares) {
            workers.add(new LoadWorker(share, server, wires, size, depth, lines, phase));
        }
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "load-" + i);
            t.start();
            running.add(t);
        }

        awaitEstablished(workers, connections);
        Thread.sleep(o.getInt("warmup", 2) * 1000L);
        for (LoadWorker w : workers) {
            w.reset(); // racy by design: a few messages counted before the window opens are zeroed or not
        }
        double cpu0 = meter.cpuSeconds();
        double alloc0 = meter.allocatedBytes();
        long ownAlloc0 = allocatedBy(running);
        long t0 = System.nanoTime();
        phase.value = LoadWorker.MEASURING;
        Thread.sleep(o.getInt("duration", 5) * 1000L);
        long ownAlloc = allocatedBy(running) - ownAlloc0; // while the workers live: a dead thread has no count
        phase.value = LoadWorker.DONE;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = meter.cpuSeconds() - cpu0;
        double alloc = meter.allocatedBytes() - alloc0;
        for (Thread t : running) {
            t.join();
        }

        Histogram latency = new Histogram(60_000_000_000L, 3);
        long messages = 0;
        long failures = 0;
        for (LoadWorker w : workers) {
            latency.add(w.latency);
            messages += w.messages;
            failures += w.failures;
        }
        if (failures > 0 || messages == 0) {
            System.err.println("echo load failed: " + failures + " worker(s) failed, " + messages + " messages");
            System.exit(1);
        }
        double rate = messages / seconds;
        double mib = rate * size / (1024.0 * 1024.0);
        double cpuPerMillion = cpu / messages * 1e6;
        double allocPerMessage = alloc / messages;
        double p50 = latency.getValueAtPercentile(50) / 1e3;
        double p99 = latency.getValueAtPercentile(99) / 1e3;
        double p999 = latency.getValueAtPercentile(99.9) / 1e3;
        Wire sample = workers.get(0).sample;
        double wireRatio = workers.stream().mapToLong(LoadWorker::frameBytesIn).sum()
                / (double) workers.stream().mapToLong(LoadWorker::messageBytesIn).sum(); // NaN without WebSockets
        System.out.printf("%s %s: %d conns, %d B, depth %d, %s%s: %,.0f msg/s, %.1f MiB/s, p50 %.0f us, p99 %.0f us, "
                        + "p99.9 %.0f us, server %.2f CPU s/M msgs, %.1f B allocated/msg (load generator %.1f B)%s%n",
                o.get("server", "?"), o.get("scenario", ""), connections, size, depth, sample.protocol(),
                sample.cipherSuite().isEmpty() ? "" : " " + sample.cipherSuite(), rate, mib, p50, p99, p999,
                cpuPerMillion, allocPerMessage, ownAlloc / (double) messages,
                Double.isNaN(wireRatio) ? "" : String.format(", %.3f wire bytes per message byte", wireRatio));
        String csv = o.get("csv", "");
        if (!csv.isEmpty()) {
            new CsvFile(Path.of(csv), HEADER).append(o.get("scenario", ""), o.get("server", ""), o.getInt("round", 0),
                    connections, size, depth, o.getInt("loops", 0), rate, mib, p50, p99, p999, cpuPerMillion,
                    allocPerMessage, sample.protocol(), sample.cipherSuite(), wireRatio);
        }
    }

    /** Waits until every connection is established (TLS: handshaken) and sending. */
    private static void awaitEstablished(List<LoadWorker> workers, int connections) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (workers.stream().mapToInt(w -> w.established).sum() < connections) {
            if (System.nanoTime() > deadline || workers.stream().anyMatch(w -> w.failures > 0)) {
                System.err.println("echo load failed: " + workers.stream().mapToInt(w -> w.established).sum() + " of "
                        + connections + " connections established");
                System.exit(1);
            }
            Thread.sleep(10);
        }
    }

    /** Heap bytes the (live) threads have allocated so far, from the JVM's per-thread counters. */
    static long allocatedBy(List<Thread> threads) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : threads) {
            total += Math.max(0, bean.getThreadAllocatedBytes(t.getId()));
        }
        return total;
    }

    /** Splits the connections over the threads; each entry is a connection's source address (null: any). */
    static List<List<InetSocketAddress>> share(int connections, int threads, int sources) {
        List<List<InetSocketAddress>> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < connections; i++) {
            InetSocketAddress source = sources <= 1 ? null : new InetSocketAddress("127.0.0." + (2 + i % sources), 0);
            shares.get(i % threads).add(source);
        }
        return shares;
    }
}
