package io.gev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import javax.net.ssl.SSLSession;

/**
 * The socket end of a connection's byte path: what the connection reads its input from and writes its output to.
 * {@link SocketTransport} is the socket itself; {@link TlsTransport} sits on one and turns records into plaintext
 * and back, so that the {@link Protocol} never sees a difference. Reads and writes never block: a read returns what
 * arrived (0 when nothing did, -1 at end of stream), a write what it took.
 *
 * <p>A transport may hold output of its own that the socket would not take yet (TLS records): {@link #pendingBytes()}
 * counts it, and {@link #flush()} retries it before anything else may be written. Not thread safe, but in loop.
 */
abstract class Transport implements ScatteringByteChannel, GatheringByteChannel {

    /** Whether application data can flow: always for a plain socket, once the handshake is done for TLS. */
    abstract boolean isEstablished();

    /** Bytes that left the caller's buffers but not yet this transport: waiting for the socket. */
    abstract int pendingBytes();

    /** Writes out what is pending; returns whether nothing is left. */
    abstract boolean flush() throws IOException;

    /**
     * Whether the peer finished sending (TLS: its close_notify arrived) although the last read returned bytes: the
     * caller handles them, then treats the input as ended.
     */
    abstract boolean inputEnded();

    /**
     * Whether input the transport already holds may yield more without the socket: the caller reads again before it
     * waits for the next read event.
     */
    abstract boolean hasBufferedInput();

    /** Whether the transport holds part of a unit it cannot pass on yet (an incomplete TLS record). */
    abstract boolean holdsPartialInput();

    /** Ends the output after what is pending (TLS: close_notify first), keeping the input open. */
    abstract void shutdownOutput() throws IOException;

    /** The TLS session, or null on a plain socket. Thread safe. */
    abstract SSLSession session();

    /** The socket itself, under TLS if any: the PROXY header and the input of a lingering close are read from it. */
    abstract SocketTransport socket();

    @Override
    public final long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public final long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** The connection owns the socket and closes it; a transport has nothing of its own to close. */
    @Override
    public final void close() {
    }
}
