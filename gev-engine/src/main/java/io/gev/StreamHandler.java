package io.gev;

import io.gev.buffer.RingBuffer;

/**
 * A handler that works on a connection's bytes in place: gev's zero-copy path, for protocols that can parse from and
 * encode into a {@link RingBuffer} (an echo, a proxy, a RESP or memcached server) and want no {@code byte[]} and no
 * message object per request.
 *
 * <p>{@link #onData} replaces {@link Protocol#unpack} and {@link Handler#onMessage}: it gets the bytes received so far
 * and the connection's output for this read. The server's protocol still packs what {@link Connection#send} is given.
 * Like every callback it runs on the connection's loop, one at a time, and must not block; {@code onConnect} and
 * {@code onClose} work as for any handler. gev counts the bytes read and written but cannot see messages, so
 * {@link ServerStats#messagesReceived()} and {@link ServerStats#messagesSent()} leave a stream handler's traffic out.
 */
@FunctionalInterface
public interface StreamHandler extends Handler {

    /**
     * Bytes arrived. Consume from {@code in} what you handle; whatever you leave (an incomplete request) stays at its
     * head and comes back with the next bytes. Write replies to {@code out}: they leave, together with anything sent
     * through {@link Connection#send} meanwhile, in one write after this call. Both buffers are lent for this call
     * only: never keep them. While the connection's queued output is above its high watermark gev stops calling this
     * and reading from the socket, and resumes once it drains.
     *
     * @param connection the connection the bytes came from
     * @param in         the received bytes not consumed yet; never empty
     * @param out        the connection's output for this read
     */
    void onData(Connection connection, RingBuffer in, RingBuffer out);

    /** Never called: a stream handler gets {@link #onData} instead. */
    @Override
    default Object onMessage(Connection connection, Object context, byte[] data) {
        throw new UnsupportedOperationException("a StreamHandler receives onData, not onMessage");
    }
}
