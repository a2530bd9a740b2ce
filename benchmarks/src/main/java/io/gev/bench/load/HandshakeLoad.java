package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.CsvFile;
import io.gev.bench.measure.ServerMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The connection-rate load generator: {@code --dialers} connections at a time, each one opened, handshaken (with
 * {@code --tls}: a full TLS handshake, see {@link Wires}; without: plain TCP), sent one {@code --size}-byte message,
 * given its echo back, then closed (TLS close_notify, then FIN) and, once the server has closed its end too, replaced
 * by a new one. Warms up for {@code --warmup} seconds and at least {@code --warmup-connections} connections (JSSE's
 * handshake code takes a thousand or so handshakes to be compiled; at most 60 s), then measures for {@code --duration}
 * seconds: connections per second, the latency from
 * opening a connection to its echo, and, given the server's pid and probe port, the server's CPU milliseconds and
 * heap KiB allocated per connection. Prints one line and appends a row to {@code --csv}. A connection that fails (a
 * handshake the server timed out on a starved machine, say) is counted and replaced; the run fails when more than one
 * in a hundred do, or none succeeds.
 *
 * <p>One thread drives every dialer. The client closes first, so its side keeps the TIME_WAIT sockets; Linux reuses
 * them for new loopback connections ({@code net.ipv4.tcp_tw_reuse}, 2 by default), so ephemeral ports do not run out.
 *
 * <p>Options (defaults): {@code --host 127.0.0.1 --port 19001 --dialers 16 --size 64 --warmup 2 --duration 5
 * --warmup-connections 0 --server-pid 0 --probe-port 0 --clk-tck 100 --csv "" --scenario "" --server "" --round 0
 * --loops 0}, and the TLS
 * options of {@link Wires}.
 */
public final class HandshakeLoad {

    static final String HEADER = "scenario,server,round,dialers,size,loops,conns_per_s,p50_us,p99_us,p999_us,"
            + "server_cpu_ms_per_conn,alloc_kib_per_conn,failed,transport,cipher";

    private final Selector selector;
    private final InetSocketAddress server;
    private final Wires wires;
    private final int size;
    private final ByteBuffer message;
    /** Where echoes and the server's closing bytes are read into; never inspected. */
    private final ByteBuffer inbound = ByteBuffer.allocateDirect(64 * 1024);
    private final EchoLoad.Phase phase;
    final Histogram latency = new Histogram(60_000_000_000L, 3);
    long connections;
    /** Connections made since the start, warm-up included. */
    volatile long made;
    /** Connections that failed since the warm-up ended. */
    volatile long failures;
    /** The dialers' selector failed: nothing was measured. */
    volatile boolean broken;
    /** The negotiated protocol and cipher suite of a finished connection, for the row. */
    String protocol = "?";
    String cipherSuite = "";

    private HandshakeLoad(InetSocketAddress server, Wires wires, int size, EchoLoad.Phase phase) throws IOException {
        this.selector = Selector.open();
        this.server = server;
        this.wires = wires;
        this.size = size;
        this.phase = phase;
        this.message = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            message.put(i, (byte) ('a' + i % 26));
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        int dialers = o.getInt("dialers", 16);
        int size = o.getInt("size", 64);
        InetSocketAddress server = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 19001));
        ServerMeter meter = ServerMeter.fromOptions(o);
        EchoLoad.Phase phase = new EchoLoad.Phase();
        HandshakeLoad load = new HandshakeLoad(server, Wires.fromOptions(o), size, phase);
        Thread running = new Thread(() -> load.run(dialers), "dialers");
        running.start();

        Thread.sleep(o.getInt("warmup", 2) * 1000L);
        long warmupDeadline = System.nanoTime() + 60_000_000_000L;
        while (load.made < o.getInt("warmup-connections", 0) && System.nanoTime() < warmupDeadline && !load.broken) {
            Thread.sleep(50);
        }
        load.reset();
        double cpu0 = meter.cpuSeconds();
        double alloc0 = meter.allocatedBytes();
        long ownAlloc0 = EchoLoad.allocatedBy(List.of(running));
        long t0 = System.nanoTime();
        phase.value = LoadWorker.MEASURING;
        Thread.sleep(o.getInt("duration", 5) * 1000L);
        long ownAlloc = EchoLoad.allocatedBy(List.of(running)) - ownAlloc0;
        phase.value = LoadWorker.DONE;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = meter.cpuSeconds() - cpu0;
        double alloc = meter.allocatedBytes() - alloc0;
        running.join();

        long count = load.connections;
        if (load.broken || load.failures * 100 > count || count == 0) {
            System.err.println("handshake load failed: " + load.failures + " connection(s) failed, " + count + " made");
            System.exit(1);
        }
        double rate = count / seconds;
        double cpuPerConnection = cpu / count * 1e3;
        double allocPerConnection = alloc / count / 1024;
        double p50 = load.latency.getValueAtPercentile(50) / 1e3;
        double p99 = load.latency.getValueAtPercentile(99) / 1e3;
        double p999 = load.latency.getValueAtPercentile(99.9) / 1e3;
        System.out.printf("%s %s: %d dialers, %s%s: %,.0f connections/s, open to echo p50 %.0f us, p99 %.0f us, "
                        + "p99.9 %.0f us, server %.3f CPU ms and %.1f KiB allocated per connection (load generator "
                        + "%.1f KiB), %d failed%n",
                o.get("server", "?"), o.get("scenario", ""), dialers, load.protocol,
                load.cipherSuite.isEmpty() ? "" : " " + load.cipherSuite, rate, p50, p99, p999, cpuPerConnection,
                allocPerConnection, ownAlloc / 1024.0 / count, load.failures);
        String csv = o.get("csv", "");
        if (!csv.isEmpty()) {
            new CsvFile(Path.of(csv), HEADER).append(o.get("scenario", ""), o.get("server", ""), o.getInt("round", 0),
                    dialers, size, o.getInt("loops", 0), rate, p50, p99, p999, cpuPerConnection, allocPerConnection,
                    load.failures, load.protocol, load.cipherSuite);
        }
    }

    /** Zeroes what was counted while warming up; racy by design, like {@link LoadWorker#reset()}. */
    private void reset() {
        latency.reset();
        connections = 0;
        failures = 0;
    }

    private void run(int dialers) {
        try {
            for (int i = 0; i < dialers; i++) {
                dial();
            }
            while (phase.value != LoadWorker.DONE) {
                selector.select(10);
                boolean measuring = phase.value == LoadWorker.MEASURING;
                for (SelectionKey key : selector.selectedKeys()) {
                    Dial dial = (Dial) key.attachment();
                    try {
                        serve(dial, measuring);
                    } catch (IOException e) {
                        failures++;
                        System.err.println("connection failed: " + e);
                        dial.wire.channel.close();
                        dial();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            broken = true;
            System.err.println("handshake load failed: " + e);
        } finally {
            LoadWorker.closeAll(selector);
        }
    }

    /** Opens a new connection; it goes on once connected. */
    private void dial() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        Dial dial = new Dial(System.nanoTime());
        dial.wire = wires.open(channel);
        dial.key = channel.register(selector, SelectionKey.OP_CONNECT, dial);
        if (channel.connect(server)) {
            connected(dial);
        }
    }

    private void connected(Dial dial) throws IOException {
        dial.connected = true;
        dial.wire.start();
        proceed(dial);
    }

    private void serve(Dial dial, boolean measuring) throws IOException {
        SelectionKey key = dial.key;
        if (!dial.connected) {
            if (key.isConnectable() && dial.wire.channel.finishConnect()) {
                connected(dial);
            }
            return;
        }
        if (key.isReadable()) {
            inbound.clear();
            int n = dial.wire.read(inbound);
            if (n < 0) {
                if (!dial.closing) {
                    throw new IOException("the server closed a connection before its echo");
                }
                finished(dial, measuring);
                return;
            }
            dial.received += n;
        }
        proceed(dial);
    }

    /** Sends the message once established, closes once its echo is back, and asks for the events it waits for. */
    private void proceed(Dial dial) throws IOException {
        Wire wire = dial.wire;
        wire.flush();
        if (wire.established() && dial.sent < size) {
            message.clear().position(dial.sent);
            dial.sent += wire.write(message);
        }
        if (!dial.closing && dial.received >= size) {
            dial.echoed = System.nanoTime();
            dial.closing = true;
            wire.shutdownOutput();
        }
        int ops = wire.pending() || dial.sent < size && wire.established() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                : SelectionKey.OP_READ;
        if (dial.key.interestOps() != ops) {
            dial.key.interestOps(ops);
        }
    }

    /** The server closed its end after the client's: the connection counts, and the dialer opens the next one. */
    private void finished(Dial dial, boolean measuring) throws IOException {
        dial.wire.channel.close();
        made++; // the dialer's own field: no lost update
        if (measuring) {
            connections++;
            latency.recordValue(Math.max(0, dial.echoed - dial.opened));
        }
        if ("?".equals(protocol)) {
            protocol = dial.wire.protocol();
            cipherSuite = dial.wire.cipherSuite();
        }
        dial();
    }

    /** One connection of a dialer: what it sent and received, and when it was opened and echoed. */
    private static final class Dial {

        final long opened;
        Wire wire;
        SelectionKey key;
        boolean connected;
        boolean closing;
        int sent;
        int received;
        long echoed;

        Dial(long opened) {
            this.opened = opened;
        }
    }
}
