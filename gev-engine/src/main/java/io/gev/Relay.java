package io.gev;

import io.gev.buffer.RingBuffer;

/**
 * Relays the bytes of a pair of connections to each other as they come: the handler of both sides of a TCP proxy (of
 * the server that accepts clients and of the {@link GevClient} that dials upstreams). {@link #pair} pairs two
 * connections, each becoming the other's {@link Connection#context() context}; a subclass typically dials the other
 * side in {@link #onConnect} and pairs the two when the connect completes.
 *
 * <ul>
 *   <li><b>No copy.</b> What a side reads goes to the other side's socket straight from the loop's read buffer when
 *       nothing is queued there: no {@code byte[]}, no copy in user space, nothing allocated per read. Only what that
 *       socket would not take is copied, once, into the other side's output queue.
 *   <li><b>Back-pressure.</b> As with {@link Connection#send}: the other side's watermarks, outbound limit and
 *       overflow policy apply. While the other side is not {@link Connection#isWritable() writable} this side is not
 *       read, so the other side's queue holds at most its high watermark plus one read. A side's own full output
 *       does not stop its reading, as it does for other handlers: its input goes elsewhere, and stopping it would
 *       deadlock a pair whose upstream answers what it reads (each side waiting for the other to read).
 *   <li><b>End of stream.</b> A peer's end of stream reaches the other side's peer as {@link Connection#shutdownWrite}
 *       once everything read before it is written; the other direction goes on until it ends too. Closing one side
 *       closes the other once its queued output is written.
 *   <li><b>Loops.</b> Two sides on one event loop (a client dialled with
 *       {@link GevClient#connect(java.net.SocketAddress, Connection)} near its peer) never cross threads: the fast
 *       case. On different loops every read is copied and handed to the other loop's task queue, one read in flight
 *       at a time.
 *   <li><b>TLS</b> on either side works unchanged: bytes are decrypted into and encrypted from the loop's TLS buffers
 *       on the way, which are TLS's own copies.
 *   <li><b>Before pairing.</b> A side read while it has no other side keeps its bytes and is not read again until
 *       {@link #pair} relays them. (Setting the two contexts by hand works too, on the loop before either is read.)
 * </ul>
 *
 * <p>It is a handler rather than a method on {@link Connection} because relaying is more than moving bytes: the
 * back-pressure, end of stream and close between the two sides are the same for every proxy, and they belong together
 * with the move; and as a {@link StreamHandler} it gets the received bytes where the socket put them, adding nothing
 * to the read path of other handlers. gev counts the bytes relayed, not messages (see {@link StreamHandler}).
 *
 * <p>Both sides must be TCP connections of gev's servers and clients, handled on their loops (no handler executor).
 * A subclass that overrides a callback other than {@code onConnect} calls this class's. Every callback is called by
 * gev on the connection's loop thread only.
 */
public class Relay implements StreamHandler {

    /**
     * Pairs {@code a} and {@code b}: each becomes the other's context, a side that read before it had the other
     * relays what it read now, and a side that closed already closes the other. Thread safe.
     *
     * @throws IllegalArgumentException when a side is not a TCP connection of a gev server or client
     */
    public static void pair(Connection a, Connection b) {
        TcpConnection first = tcp(a);
        TcpConnection second = tcp(b);
        first.setContext(second);
        second.setContext(first);
        first.loop().runInLoop(() -> first.inbound().letGo(ReadGate.RELAY_BLOCKED));
        second.loop().runInLoop(() -> second.inbound().letGo(ReadGate.RELAY_BLOCKED));
        if (!first.isConnected()) {
            second.close();
        }
        if (!second.isConnected()) {
            first.close();
        }
    }

    private static TcpConnection tcp(Connection connection) {
        if (connection instanceof TcpConnection tcp) {
            return tcp;
        }
        throw new IllegalArgumentException("a relay pairs TCP connections of gev's servers and clients, not "
                + connection);
    }

    /** Moves {@code in} to the other side's output (see the class comment). Loop thread only. */
    @Override
    public void onData(Connection connection, RingBuffer in, RingBuffer out) {
        TcpConnection source = (TcpConnection) connection;
        TcpConnection target = otherSide(source);
        if (target == null) {
            source.inbound().holdOff(ReadGate.RELAY_BLOCKED); // the bytes wait in `in` until it is paired
            return;
        }
        if (target.loop() == source.loop()) {
            target.outbound().transfer(in);
        } else {
            handOver(source, target, in);
        }
        if (!target.isWritable()) {
            source.inbound().holdOff(ReadGate.RELAY_BLOCKED); // paired while full, or a recent value from afar
        }
    }

    /**
     * Copies {@code in} and hands it to {@code target}'s loop; {@code source} is not read until that loop has taken
     * it, so that no more than one read is on its way.
     */
    private static void handOver(TcpConnection source, TcpConnection target, RingBuffer in) {
        RingBuffer chunk = new RingBuffer(in.length());
        chunk.write(in);
        source.inbound().holdOff(ReadGate.RELAY_IN_FLIGHT);
        target.loop().execute(() -> {
            target.outbound().transfer(chunk);
            source.loop().execute(() -> source.inbound().letGo(ReadGate.RELAY_IN_FLIGHT));
        });
    }

    /** This side filled up (or drained): the other side stops (or goes on) being read. Loop thread only. */
    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        TcpConnection source = otherSide(connection);
        if (source == null) {
            return;
        }
        if (source.loop().inLoop()) {
            throttle(source, writable);
        } else {
            source.loop().execute(() -> throttle(source, writable));
        }
    }

    private static void throttle(TcpConnection source, boolean targetWritable) {
        if (targetWritable) {
            source.inbound().letGo(ReadGate.RELAY_BLOCKED);
        } else {
            source.inbound().holdOff(ReadGate.RELAY_BLOCKED);
        }
    }

    /**
     * The peer finished sending: the other side's peer gets end of stream once what was relayed is written, or, with
     * no other side left, this side closes. Loop thread only.
     */
    @Override
    public void onInputClosed(Connection connection) {
        TcpConnection other = otherSide(connection);
        if (other == null || !other.isConnected()) {
            connection.close();
        } else {
            other.shutdownWrite();
        }
    }

    /** This side closed: the other side closes once its queued output is written. Loop thread only. */
    @Override
    public void onClose(Connection connection) {
        TcpConnection other = otherSide(connection);
        if (other != null) {
            other.close();
        }
    }

    /** The connection {@code connection} is paired with (its context), or null while there is none. */
    private static TcpConnection otherSide(Connection connection) {
        Object other = connection.context();
        if (other == null || other instanceof TcpConnection) {
            return (TcpConnection) other;
        }
        throw new IllegalStateException(connection + ": a relayed connection's context must be the connection of gev"
                + " it is paired with, not " + other.getClass().getName());
    }
}
