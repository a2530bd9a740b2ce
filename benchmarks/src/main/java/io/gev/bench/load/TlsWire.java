package io.gev.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A client {@link SSLEngine} driven without blocking over one socket. Ciphertext goes through two heap buffers of the
 * connection's own, made once: {@link #read} decrypts every whole record that arrived into the caller's buffer, and
 * {@link #write} encrypts into records that one socket write takes; the handshake (its delegated tasks run inline) and
 * TLS 1.3's post-handshake messages (session tickets, key updates) are handled inside those calls. Nothing is
 * allocated per message by this class; the JDK's engine allocates what it does (its results, per-record cipher
 * state), which {@code EchoLoad} reports as the client's allocation.
 *
 * <p>Not thread safe.
 */
final class TlsWire extends Wire {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** The size of the largest record: a wrap needs that much room. */
    private final int packetSize;
    /** Ciphertext read and not decrypted yet (an incomplete record); write mode. */
    private final ByteBuffer netIn;
    /** Records not written yet; write mode. */
    private final ByteBuffer netOut;
    private boolean established;
    private boolean inputDone;
    private boolean shutdownDue;

    TlsWire(SocketChannel channel, SSLEngine engine) {
        super(channel);
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(2 * packetSize);
        this.netOut = ByteBuffer.allocate(4 * packetSize);
    }

    @Override
    void start() throws IOException {
        engine.beginHandshake();
        drive(engine.getHandshakeStatus());
        flush();
    }

    @Override
    boolean established() {
        return established;
    }

    @Override
    int read(ByteBuffer dst) throws IOException {
        if (inputDone) {
            return -1;
        }
        int n = channel.read(netIn);
        netIn.flip();
        int produced;
        try {
            produced = unwrap(dst);
        } finally {
            netIn.compact();
        }
        if (n < 0 && !inputDone) {
            inputDone = true;
            if (!engine.isOutboundDone()) {
                engine.closeInbound(); // throws for an end without close_notify (a truncation): the load fails
            } // else the client closed first: a server may close at once, without a close_notify of its own
        }
        flush(); // handshake records, or the answer to a key update
        return produced > 0 || !inputDone ? produced : -1;
    }

    /** Decrypts every whole record in {@link #netIn} (read mode) into {@code dst}; returns the plaintext count. */
    private int unwrap(ByteBuffer dst) throws IOException {
        int produced = 0;
        while (netIn.hasRemaining()) {
            SSLEngineResult result = engine.unwrap(netIn, dst);
            produced += result.bytesProduced();
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return produced; // an incomplete record: the rest comes with a later read
                case BUFFER_OVERFLOW:
                    throw new SSLException("TLS: the read buffer is too small for a record");
                case CLOSED:
                    inputDone = true; // the server's close_notify
                    return produced;
                default:
                    break;
            }
            drive(result.getHandshakeStatus());
            if (result.bytesConsumed() == 0 && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                return produced; // nothing moved and nothing to read: never spin
            }
        }
        return produced;
    }

    /** Carries the handshake as far as it goes without more from the server. */
    private void drive(HandshakeStatus status) throws IOException {
        HandshakeStatus s = status;
        while (true) {
            switch (s) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    s = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    SSLEngineResult result = wrap(EMPTY);
                    s = result.getStatus() == SSLEngineResult.Status.CLOSED ? HandshakeStatus.NOT_HANDSHAKING
                            : result.getHandshakeStatus();
                }
                case FINISHED -> {
                    established = true;
                    return;
                }
                default -> {
                    return; // NEED_UNWRAP: the server's turn; NOT_HANDSHAKING: nothing to do
                }
            }
        }
    }

    @Override
    int write(ByteBuffer src) throws IOException {
        if (!flush()) {
            return 0;
        }
        int taken = 0;
        while (src.hasRemaining() && netOut.remaining() >= packetSize) {
            SSLEngineResult result = wrap(src);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS: the connection is closed");
            }
            taken += result.bytesConsumed();
            drive(result.getHandshakeStatus());
        }
        flush();
        return taken;
    }

    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        SSLEngineResult result = engine.wrap(src, netOut);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("TLS: no room for a record"); // wrap is only called with a record's room
        }
        return result;
    }

    @Override
    boolean flush() throws IOException {
        if (netOut.position() > 0) {
            netOut.flip();
            channel.write(netOut);
            netOut.compact();
        }
        if (netOut.position() > 0) {
            return false;
        }
        if (shutdownDue) {
            shutdownDue = false;
            channel.shutdownOutput();
        }
        return true;
    }

    @Override
    boolean pending() {
        return netOut.position() > 0;
    }

    @Override
    void shutdownOutput() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                break;
            }
        }
        shutdownDue = true;
        flush();
    }

    @Override
    String protocol() {
        return engine.getSession().getProtocol();
    }

    @Override
    String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }
}
