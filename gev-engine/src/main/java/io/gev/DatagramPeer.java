package io.gev;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * The sender of a datagram, as a UDP server's handler sees it: a connection-less, immutable {@link Connection}. What
 * is sent to it leaves the server's socket as one datagram to {@link #peerAddress()}; there is nothing to open or
 * close, no per-peer state and no queue. A new peer is made per datagram; two peers are equal when they name the same
 * sender on the same socket.
 *
 * <p>Every method is thread safe: {@code send} from another thread goes through the loop's task queue, in order with
 * the other sends of that thread.
 *
 * @param endpoint    the socket the datagram came in on, which sends the replies
 * @param peerAddress the sender
 */
record DatagramPeer(DatagramEndpoint endpoint, SocketAddress peerAddress) implements Connection {

    private static final String NO_STATE = "a datagram's sender has no per-connection state: keep it in the handler,"
            + " keyed by peerAddress()";

    /** Packs {@code message} with the server's protocol and sends it to the sender as one datagram. Thread safe. */
    @Override
    public void send(Object message) {
        endpoint.send(this, message, null);
    }

    /**
     * Like {@link #send(Object)}, and runs {@code onFlushed} on the loop once the socket took the datagram; it does not
     * run when the datagram was dropped. Thread safe.
     */
    @Override
    public void send(Object message, Runnable onFlushed) {
        endpoint.send(this, message, onFlushed);
    }

    /** Does nothing: there is no connection to close, and later datagrams of this sender are served. Thread safe. */
    @Override
    public void close() {
        // connection-less
    }

    /** Does nothing: there is no stream to end. Thread safe. */
    @Override
    public void shutdownWrite() {
        // connection-less
    }

    /** Nothing to pause: datagrams of every sender share one socket. Thread safe. */
    @Override
    public void suspendReading() {
        // connection-less
    }

    /** Nothing to resume. Thread safe. */
    @Override
    public void resumeReading() {
        // connection-less
    }

    /** Always null: a datagram's sender has no per-connection state. Thread safe. */
    @Override
    public Object context() {
        return null;
    }

    /**
     * Refused: a datagram's sender has no per-connection state (keep it in the handler, keyed by
     * {@link #peerAddress()}). Thread safe.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setContext(Object context) {
        throw new UnsupportedOperationException(NO_STATE);
    }

    /** Always null: a datagram's sender has no per-connection state. Thread safe. */
    @Override
    public Object protocolContext() {
        return null;
    }

    /**
     * Refused: a datagram's sender has no per-connection state. Thread safe.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setProtocolContext(Object protocolContext) {
        throw new UnsupportedOperationException(NO_STATE);
    }

    /**
     * The address the server's socket is bound to (with a wildcard host, the wildcard rather than the address the
     * datagram was sent to). Thread safe.
     */
    @Override
    public SocketAddress localAddress() {
        return endpoint.localAddress();
    }

    /** Whether the server's socket is open, so that a send may go out. Thread safe. */
    @Override
    public boolean isConnected() {
        return endpoint.isOpen();
    }

    /** Always 0: a datagram is handled whole. Thread safe. */
    @Override
    public int readBufferLength() {
        return 0;
    }

    /** Always 0: a datagram is sent at once or dropped, never queued. Thread safe. */
    @Override
    public int writeBufferLength() {
        return 0;
    }

    /** Always true: nothing is queued per peer. Thread safe. */
    @Override
    public boolean isWritable() {
        return true;
    }

    /** Runs {@code task} once on the socket's loop after {@code delay}; cancelled by a stop. Thread safe. */
    @Override
    public Timer runAfter(Duration delay, Runnable task) {
        return endpoint.loop().timers().runAfter(delay, task, null);
    }

    /**
     * Runs {@code task} on the socket's loop every {@code period} until cancelled or the server stops. Thread safe.
     */
    @Override
    public Timer runEvery(Duration period, Runnable task) {
        return endpoint.loop().timers().runEvery(period, task, null);
    }

    @Override
    public String toString() {
        return "Datagram[" + peerAddress + " -> " + endpoint.localAddress() + "]";
    }
}
