package io.gev;

import java.net.SocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLSession;

/**
 * One TCP connection (or Unix domain socket one), accepted by a {@link GevServer} or dialled by a {@link GevClient},
 * owned by one event loop for its whole life. On a UDP server (see {@link GevServer#udpBuilder}) it is the sender of a
 * datagram instead: connection-less, with no state of its own, sending one datagram per message back to the sender;
 * closing it does nothing.
 *
 * <p>Every method is thread safe. Called on the owning loop (from a {@link Handler} callback on the loop, say) a
 * method acts at once; called from another thread (a handler executor's, too) it is queued to the loop, and the
 * calls of one thread keep their order.
 */
public interface Connection {

    /**
     * Packs {@code message} with the server's {@link Protocol} and sends it. Ignored once the connection is closing.
     * Thread safe.
     */
    void send(Object message);

    /**
     * Like {@link #send(Object)}, and runs {@code onFlushed} once the bytes have been written to the socket (not merely
     * queued), where the connection's handler callbacks run: on its loop, or on the handler executor if the server
     * has one. It does not run if the connection closes before then. Thread safe.
     */
    void send(Object message, Runnable onFlushed);

    /**
     * Stops reading, writes out everything queued, then closes (forcibly after the server's shutdown timeout). Thread
     * safe.
     */
    void close();

    /**
     * Half-close: writes out everything queued, then sends FIN; the peer sees end of stream while reading goes on.
     * Thread safe.
     */
    void shutdownWrite();

    /**
     * Stops reading this connection (and decoding what was read) until {@link #resumeReading()}: back-pressure from
     * elsewhere, such as a proxy whose other side stopped taking output ({@link Handler#onWritabilityChanged}).
     * Thread safe.
     */
    void suspendReading();

    /** Reads the connection again after {@link #suspendReading()}. Thread safe. */
    void resumeReading();

    /** Per-connection state of the handler or protocol, or null. Thread safe. */
    Object context();

    /** Sets the per-connection state. Thread safe. */
    void setContext(Object context);

    /**
     * Per-connection state of the {@link Protocol} (a decoder's progress, a handshake), kept apart from the handler's
     * {@link #context()}; null until the protocol sets it. Thread safe.
     */
    Object protocolContext();

    /** Sets the protocol's per-connection state. Thread safe. */
    void setProtocolContext(Object protocolContext);

    /**
     * The peer's address: the original client's when a PROXY protocol header named it (see
     * {@link GevServer.Builder#proxyProtocol}), else the socket's. Thread safe.
     */
    SocketAddress peerAddress();

    /** This end's address: the one the client dialled when a PROXY protocol header named it. Thread safe. */
    SocketAddress localAddress();

    /** Whether the connection is open (it may be flushing its last output). Thread safe. */
    boolean isConnected();

    /**
     * Bytes received and not yet consumed by the protocol (exact on the loop, a recent value elsewhere). Thread safe.
     */
    int readBufferLength();

    /** Bytes queued and not yet written to the socket (exact on the loop, a recent value elsewhere). Thread safe. */
    int writeBufferLength();

    /**
     * Whether the output queue is below the high watermark: false from when it passes the high watermark until it
     * drains to the low one, the same moments {@link Handler#onWritabilityChanged} reports. While it is false the
     * connection also stops reading. Sending anyway is allowed, up to the outbound limit. Thread safe.
     */
    boolean isWritable();

    /**
     * The TLS session (protocol, cipher suite, the client's certificates under mutual TLS) once the handshake is done,
     * or null on a connection without TLS. Thread safe.
     */
    default SSLSession sslSession() {
        return null;
    }

    /**
     * Runs {@code task} once after {@code delay}, where the connection's handler callbacks run (on its loop, or on the
     * handler executor if the server has one, one at a time with them); cancelled when the connection closes.
     * Thread safe.
     */
    Timer runAfter(Duration delay, Runnable task);

    /**
     * Runs {@code task} every {@code period}, where the connection's handler callbacks run (as {@link #runAfter});
     * cancelled when the connection closes. Thread safe.
     *
     * @throws IllegalArgumentException when the period is not positive
     */
    Timer runEvery(Duration period, Runnable task);
}
