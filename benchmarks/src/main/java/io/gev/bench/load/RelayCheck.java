package io.gev.bench.load;

import io.gev.bench.Arguments;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks that a proxy relays bytes unchanged both ways before it is measured: {@code --connections} connections
 * through it to an echo upstream ({@code benchmarks/src/main/c/upstream.c echo}) each send {@code --bytes} bytes of a
 * pseudo-random stream of their own, in writes of random sizes (1 B to 64 KiB), while reading the echo, and compare
 * every byte that comes back with the one sent at that position. Prints one line and exits 0 when every byte came
 * back; exits 1 at the first byte that differs, a connection the proxy closes, or 10 s without progress.
 *
 * <p>Options (defaults): {@code --host 127.0.0.1 --port 19001 --connections 8 --bytes 8388608 --server ""}.
 */
public final class RelayCheck {

    private static final long STALL_NANOS = 10_000_000_000L;

    private RelayCheck() {
    }

    public static void main(String[] args) throws IOException {
        Arguments o = new Arguments(args);
        InetSocketAddress proxy = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 19001));
        long bytes = Long.parseLong(o.get("bytes", Long.toString(8L << 20)));
        int connections = o.getInt("connections", 8);
        Selector selector = Selector.open();
        try {
            List<Echo> echoes = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                echoes.add(new Echo(selector, proxy, bytes, 0x5eed + i));
            }
            long progress = System.nanoTime();
            while (echoes.stream().anyMatch(e -> e.received < bytes)) {
                if (selector.select(100) > 0) {
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > STALL_NANOS) {
                    throw new IOException("nothing moved for 10 s; received "
                            + echoes.stream().mapToLong(e -> e.received).sum() + " of " + bytes * connections);
                }
                Selected.serve(selector);
            }
            System.out.printf("%s relays bytes unchanged: %d connections x %d bytes there and back%n",
                    o.get("server", "the proxy"), connections, bytes);
        } catch (IOException e) {
            System.err.println(o.get("server", "the proxy") + " failed the relay check: " + e.getMessage());
            System.exit(1);
        } finally {
            LoadWorker.closeAll(selector);
        }
    }

    /** The byte at {@code position} of the stream seeded with {@code seed} (SplitMix64's finalizer). */
    static byte byteAt(long seed, long position) {
        long z = seed + position * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (byte) (z ^ (z >>> 31));
    }

    /** One connection: its stream, how much of it went out, and how much came back intact. */
    private static final class Echo implements Selected {

        private static final int MAX_WRITE = 64 * 1024;

        final SocketChannel channel;
        final SelectionKey key;
        final long total;
        final long seed;
        final SplittableRandom sizes;
        final ByteBuffer out = ByteBuffer.allocate(MAX_WRITE);
        final ByteBuffer in = ByteBuffer.allocate(MAX_WRITE);
        long sent;
        long received;

        Echo(Selector selector, InetSocketAddress proxy, long total, long seed) throws IOException {
            this.channel = SocketChannel.open(proxy);
            this.total = total;
            this.seed = seed;
            this.sizes = new SplittableRandom(seed);
            out.limit(0);
            channel.configureBlocking(false);
            this.key = channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, this);
        }

        @Override
        public void writable() throws IOException {
            if (!out.hasRemaining()) {
                int size = (int) Math.min(total - sent, 1 + sizes.nextInt(MAX_WRITE));
                out.clear();
                for (int i = 0; i < size; i++) {
                    out.put(byteAt(seed, sent + i));
                }
                out.flip();
            }
            sent += channel.write(out);
            if (sent == total && !out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        @Override
        public void readable() throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("the proxy closed a connection after " + received + " of " + total
                        + " bytes came back");
            }
            for (int i = 0; i < n; i++, received++) {
                byte expected = byteAt(seed, received);
                if (in.get(i) != expected || received >= sent) {
                    throw new IOException("byte " + received + " came back as " + in.get(i) + ", sent as "
                            + expected + (received >= sent ? " (it was never sent)" : ""));
                }
            }
        }
    }
}
