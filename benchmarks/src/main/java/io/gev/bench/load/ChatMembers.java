package io.gev.bench.load;

import io.gev.bench.Arguments;
import io.gev.bench.measure.ServerMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What members of the chat sample's room cost its server: {@code --members} WebSockets join it as {@code m}
 * ({@code /chat?name=m}), and once every join announcement has reached every member the server's heap after a full
 * collection ({@code jcmd}) and its resident set are read, before and after, per member: the idle figure. Then
 * members take turns to say a {@code --size}-byte line, {@code --lines-per-s} lines a second for {@code --traffic}
 * seconds, each line going to every member; the same figures read at the end of it (frames still on their way
 * included) are the active figure, and the deliveries per second and the server's CPU per delivery are printed.
 *
 * <p>Options (defaults): {@code --port 8080 --server-pid} (required) {@code --members 10000 --sources 4 --size 128
 * --lines-per-s 5 --traffic 10 --clk-tck 100}. The server is started beforehand, e.g.
 * {@code java -Xmx1g -jar sample-apps/websocket-chat/target/websocket-chat.jar}.
 */
public final class ChatMembers {

    private static final int JOINED = "* m joined".length();
    private static final int SPEAKER = "m: ".length();
    private static final long WAIT_NS = 600_000_000_000L;

    private final WebSocketCrowd crowd;
    private long received;

    private ChatMembers(WebSocketCrowd crowd) {
        this.crowd = crowd;
    }

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--websocket", "/chat?name=m"));
        Arguments o = new Arguments(all.toArray(String[]::new));
        int members = o.getInt("members", 10_000);
        int size = o.getInt("size", 128);
        ServerMeter meter = ServerMeter.fromOptions(o);
        if (o.get("server-pid", "0").equals("0")) {
            throw new IllegalArgumentException("--server-pid is required: the figures are the server's");
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", o.getInt("port", 8080));
        List<InetSocketAddress> sources = EchoLoad.share(members, 1, o.getInt("sources", 4)).get(0);
        double heap0 = meter.heapAfterJcmdGc();
        double rss0 = meter.residentBytes();
        try (WebSocketCrowd crowd = new WebSocketCrowd(members)) {
            ChatMembers load = new ChatMembers(crowd);
            long t0 = System.nanoTime();
            crowd.open(server, sources, Wires.fromOptions(o), load::count);
            // member i (from 0) hears the joins of members i to members - 1
            load.awaitReceived((long) members * (members + 1) / 2 * JOINED);
            System.out.printf("%,d members joined in %.1f s; idle: %s%n", members, (System.nanoTime() - t0) / 1e9,
                    perMember(meter, heap0, rss0, members));
            double cpu0 = meter.cpuSeconds();
            t0 = System.nanoTime();
            long lines = load.talk(size, o.getInt("lines-per-s", 5), o.getInt("traffic", 10));
            String active = perMember(meter, heap0, rss0, members);
            load.awaitReceived((long) members * (members + 1) / 2 * JOINED + lines * members * (SPEAKER + size));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = meter.cpuSeconds() - cpu0;
            System.out.printf("%d lines of %d B to %,d members: %,.0f deliveries/s, %.0f server CPU ns per delivery; "
                    + "active: %s%n", lines, size, members, lines * members / seconds,
                    cpu * 1e9 / (lines * members), active);
        }
    }

    /** Has members take turns to say a line, {@code perSecond} a second for {@code seconds}; returns how many. */
    private long talk(int size, int perSecond, int seconds) throws IOException {
        ChatLines corpus = new ChatLines(size);
        ByteBuffer line = ByteBuffer.allocateDirect(size);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        long said = 0;
        while (said < (long) perSecond * seconds) {
            if (System.nanoTime() - start >= said * interval) {
                line.clear();
                corpus.copy((int) said, line);
                line.flip();
                Wire speaker = crowd.wire((int) (said * 7919 % crowd.size()));
                if (speaker.write(line) != size || !speaker.flush()) {
                    throw new IOException("a member could not send its line at once");
                }
                said++;
            }
            crowd.serve(1, this::count);
        }
        return said;
    }

    /** Reads until {@code total} payload bytes have arrived in all, over the whole run. */
    private void awaitReceived(long total) throws IOException {
        long deadline = System.nanoTime() + WAIT_NS;
        while (received < total) {
            if (System.nanoTime() > deadline) {
                throw new IOException(received + " of " + total + " payload bytes arrived in 600 s");
            }
            crowd.serve(100, this::count);
        }
    }

    private int count(int index, int bytes) {
        received += bytes;
        return bytes;
    }

    private static String perMember(ServerMeter meter, double heap0, double rss0, int members) throws IOException {
        double heap = meter.heapAfterJcmdGc();
        double rss = meter.residentBytes();
        return String.format("heap after GC %.1f MB (%,.0f B per member), resident %.1f MB (%,.0f B per member)",
                heap / 1e6, (heap - heap0) / members, rss / 1e6, (rss - rss0) / members);
    }
}
