package io.gev.bench.load;

import io.gev.bench.CsvFile;
import io.gev.bench.Arguments;
import io.gev.bench.measure.ServerMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what an idle connection costs a server: its heap in use after full collections and its resident memory,
 * before and after {@code --connections} connections are opened and have been accepted, divided by their number.
 * Connections are spread over {@code --sources} source addresses (127.0.0.2 and up) so that ephemeral ports do not run
 * out. Prints one line and appends a row to {@code --csv}.
 *
 * <p>Options (defaults): {@code --port 19001 --probe-port 19101 --server-pid 0 --connections 10000 --sources 4
 * --csv "" --server ""}.
 */
public final class IdleConnections {

    static final String HEADER = "connections,server,heap_b_per_conn,rss_b_per_conn";

    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        int count = o.getInt("connections", 10_000);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", o.getInt("port", 19001));
        ServerMeter meter = new ServerMeter(Long.parseLong(o.get("server-pid", "0")), o.getInt("probe-port", 19101),
                100);
        double heapBefore = meter.heapAfterGc();
        double rssBefore = meter.residentBytes();
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (InetSocketAddress source : EchoLoad.share(count, 1, o.getInt("sources", 4)).get(0)) {
                SocketChannel channel = SocketChannel.open();
                if (source != null) {
                    channel.bind(source);
                }
                channel.connect(server);
                open.add(channel);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (meter.connections() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server accepted " + meter.connections() + " of " + count);
                }
                Thread.sleep(50);
            }
            double heap = (meter.heapAfterGc() - heapBefore) / count;
            double rss = (meter.residentBytes() - rssBefore) / count;
            System.out.printf("%s: %,d idle connections: %.0f B of heap and %.0f B resident each%n",
                    o.get("server", "?"), count, heap, rss);
            String csv = o.get("csv", "");
            if (!csv.isEmpty()) {
                new CsvFile(Path.of(csv), HEADER).append(count, o.get("server", ""), heap, rss);
            }
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
    }
}
