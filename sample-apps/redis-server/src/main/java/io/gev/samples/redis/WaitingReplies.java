package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import io.gev.Connection;
import java.util.ArrayDeque;

/**
 * The replies of one connection that wait for the append-only file, in order: a reply to a write waits until the
 * write is on disk ({@code appendfsync always}), and every later reply of the connection waits behind it. Each is kept
 * as the bytes it was encoded to when it was made. Used on the connection's loop thread only, but for {@link #send}.
 */
final class WaitingReplies {

    /**
     * The message that sends what waited: {@link RespProtocol#pack} turns it into the bytes of every reply, from the
     * first, that needs no more than command {@code durable} of the file on disk. The writer thread sends it.
     */
    record Release(long durable) {
    }

    private record Waiting(byte[] bytes, long needs) {
    }

    private final ArrayDeque<Waiting> replies = new ArrayDeque<>();
    private final Connection connection;
    /** What runs once a release is written: closes the connection if it quit and nothing waits any more. */
    private final Runnable afterRelease = this::closeIfQuitAndSent;
    private boolean quit;

    WaitingReplies(Connection connection) {
        this.connection = connection;
    }

    boolean isEmpty() {
        return replies.isEmpty();
    }

    /**
     * Queues the reply to {@code QUIT} behind the replies that wait, and closes the connection once they have all been
     * written; the requests that follow it are not run.
     */
    void quit(byte[] ok) {
        replies.add(new Waiting(ok, 0));
        quit = true;
    }

    /** Whether the client sent {@code QUIT} while replies waited: what it sends after it is not run. */
    boolean hasQuit() {
        return quit;
    }

    /** Sends {@code release} to the connection; thread safe (the writer thread calls it). */
    void send(Release release) {
        connection.send(release, afterRelease);
    }

    private void closeIfQuitAndSent() {
        if (quit && replies.isEmpty()) {
            connection.close();
        }
    }

    /** Queues {@code bytes}, to leave once command {@code needs} of the file is on disk (0: once those before have). */
    void add(byte[] bytes, long needs) {
        replies.add(new Waiting(bytes, needs));
    }

    /** The replies, from the first, that need no more than {@code durable}, together; removed from the queue. */
    byte[] release(long durable) {
        Waiting first = replies.peek();
        if (first == null || first.needs > durable) {
            return new byte[0];
        }
        replies.poll();
        if (replies.isEmpty() || replies.peek().needs > durable) {
            return first.bytes; // the common case: one reply
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first.bytes);
        while (!replies.isEmpty() && replies.peek().needs <= durable) {
            out.writeBytes(replies.poll().bytes);
        }
        return out.toByteArray();
    }
}
