package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

/**
 * The replies of one connection that wait for the append-only file, in order: a reply to a write waits until the
 * write is on disk ({@code appendfsync always}), and every later reply of the connection waits behind it. Each is kept
 * as the bytes it was encoded to when it was made. Used on the connection's loop thread only.
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

    boolean isEmpty() {
        return replies.isEmpty();
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
