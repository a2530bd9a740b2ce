package io.gev.bench.load;

import io.gev.bench.Arguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis pub/sub fan-out, as the clustered chat uses it (each instance one subscriber of the room's channel, each line
 * published once): {@code --subscribers} connections subscribe to one channel, and one publisher sends
 * {@code --size}-byte messages with {@code PUBLISH} for {@code --duration} seconds, {@code --pipeline} at a time.
 * Prints the messages published per second and delivered per second (all subscribers together), once every
 * subscriber has all of them. Each subscriber reads on a thread of its own.
 *
 * <p>Options (defaults): {@code --host 127.0.0.1 --port 6379 --subscribers 50 --size 200 --pipeline 64
 * --duration 5}. Against a redis-server of its own, e.g. {@code redis-server --port 6399 --save "" --appendonly no}.
 */
public final class RedisFanout {

    private static final String CHANNEL = "gev-chat:lines";
    private static final long DRAIN_NS = 60_000_000_000L;

    private RedisFanout() {
    }

    public static void main(String[] args) throws Exception {
        Arguments o = new Arguments(args);
        InetSocketAddress redis = new InetSocketAddress(o.get("host", "127.0.0.1"), o.getInt("port", 6379));
        int subscribers = o.getInt("subscribers", 50);
        byte[] payload = new byte[o.getInt("size", 200)];
        Arrays.fill(payload, (byte) 'x');
        byte[] command = resp("PUBLISH", CHANNEL, new String(payload, StandardCharsets.US_ASCII));
        int message = resp("message", CHANNEL, new String(payload, StandardCharsets.US_ASCII)).length;
        AtomicLong delivered = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        try (Socket publisher = new Socket()) {
            publisher.connect(redis, 5000);
            for (int i = 0; i < subscribers; i++) {
                sockets.add(subscribe(redis, message, delivered));
            }
            long t0 = System.nanoTime();
            long published = publish(publisher, command, subscribers, o.getInt("pipeline", 64),
                    t0 + o.getInt("duration", 5) * 1_000_000_000L);
            double publishing = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + DRAIN_NS;
            while (delivered.get() < published * subscribers) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(delivered.get() + " of " + published * subscribers + " delivered");
                }
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d subscribers, %d B messages: %,.0f published/s, %,.0f delivered/s "
                    + "(%,d published in %.1f s, all delivered after %.1f s)%n", subscribers, payload.length,
                    published / seconds, published * subscribers / seconds, published, publishing, seconds);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Publishes {@code pipeline} commands at a time until {@code end}; returns how many. */
    private static long publish(Socket socket, byte[] command, int subscribers, int pipeline, long end)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] batch = new byte[command.length * pipeline];
        for (int i = 0; i < pipeline; i++) {
            System.arraycopy(command, 0, batch, i * command.length, command.length);
        }
        byte[] reply = (":" + subscribers + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] replies = new byte[reply.length * pipeline];
        long published = 0;
        while (System.nanoTime() < end) {
            out.write(batch);
            if (in.readNBytes(replies, 0, replies.length) != replies.length) {
                throw new IOException("Redis closed the publisher");
            }
            for (int i = 0; i < replies.length; i++) {
                if (replies[i] != reply[i % reply.length]) {
                    throw new IOException("a PUBLISH did not reach " + subscribers + " subscribers: "
                            + new String(replies, StandardCharsets.US_ASCII));
                }
            }
            published += pipeline;
        }
        return published;
    }

    /** A subscriber of the channel, counting whole messages of {@code message} bytes on a thread of its own. */
    private static Socket subscribe(InetSocketAddress redis, int message, AtomicLong delivered) throws IOException {
        Socket socket = new Socket();
        socket.connect(redis, 5000);
        socket.getOutputStream().write(resp("SUBSCRIBE", CHANNEL));
        byte[] confirmation = new byte[("*3\r\n$9\r\nsubscribe\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL
                + "\r\n:1\r\n").length()];
        if (socket.getInputStream().readNBytes(confirmation, 0, confirmation.length) != confirmation.length) {
            throw new IOException("no subscription");
        }
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            long bytes = 0;
            try {
                InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    long whole = (bytes + n) / message - bytes / message;
                    bytes += n;
                    delivered.addAndGet(whole);
                }
            } catch (IOException closed) {
                // the run is over
            }
        }, "subscriber");
        reader.setDaemon(true);
        reader.start();
        return socket;
    }

    /** A command (or a pushed message) as a RESP array of bulk strings. */
    private static byte[] resp(String... parts) {
        StringBuilder s = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            s.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
