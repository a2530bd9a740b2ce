package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS between a connection's socket and its protocol: an {@link SSLEngine} (server mode, or client mode for a
 * {@link GevClient}'s connections), driven without blocking on
 * the connection's loop. A read decrypts whatever whole records arrived straight into the caller's buffer, and a
 * write encrypts the caller's bytes into records; the handshake (its delegated tasks run inline) and TLS 1.3's
 * post-handshake messages happen inside those calls. Renegotiation, which only TLS 1.2 and older have, is refused.
 *
 * <p>Like the plain byte path it keeps nothing per connection while idle: ciphertext is read into and written from
 * buffers the loop shares, and only an incomplete record, or records the socket would not take, are kept in the
 * connection's own (heap) buffers until they are complete or written.
 *
 * <p>Not thread safe, but in loop; {@link #session()} is thread safe.
 */
final class TlsTransport extends Transport {

    private static final Logger log = LoggerFactory.getLogger(TlsTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /**
     * The loop's shared buffer for ciphertext read from a socket. Its size bounds the plaintext one read can yield, and
     * it is kept well under the loop's read buffer, so that a read always has room to decrypt every whole record it
     * holds: none can be left behind for a read event that would never come.
     */
    static final int INPUT_BUFFER_SIZE = 32 * 1024;
    /** The loop's shared buffer where records are encrypted before one socket write takes them. */
    static final int OUTPUT_BUFFER_SIZE = 64 * 1024;

    private final SocketTransport socket;
    private final SSLEngine engine;
    private final LoopBuffers buffers;
    /** For the one-buffer read and write. */
    private final ByteBuffer[] single = new ByteBuffer[1];
    /** Size of the largest record, known once the handshake has chosen the protocol. */
    private int packetSize;
    /** Ciphertext of an incomplete record, kept between reads; read mode. Null when there is none. */
    private ByteBuffer savedInput;
    /** Records on their way to the socket. */
    private final TlsRecordOutput records;
    private boolean outputClosed;
    /** The peer sent close_notify or closed the socket. */
    private boolean inputEnded;
    /** The last read stopped with whole records possibly left in {@link #savedInput}. */
    private boolean buffered;
    /** The last unwrap found the destination full. */
    private boolean overflowed;
    /** Set when the handshake finished; thread safe. */
    private volatile SSLSession session;

    TlsTransport(SocketTransport socket, SSLEngine engine, LoopBuffers buffers) {
        this.socket = socket;
        this.engine = engine;
        this.buffers = buffers;
        this.records = new TlsRecordOutput(socket, buffers);
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    /** Starts the handshake from this end, which speaks first: a client's hello. In loop. */
    void beginHandshake() throws IOException {
        engine.beginHandshake();
        handshake(engine.getHandshakeStatus());
    }

    /**
     * Takes ciphertext that was read before TLS began (bytes behind a PROXY protocol header); the next read decrypts
     * it. In loop.
     */
    void preload(RingBuffer input) {
        if (!input.isEmpty()) {
            savedInput = ByteBuffer.wrap(input.readBytes(input.length()));
            buffered = true;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Override
    public int read(ByteBuffer dst) throws IOException {
        single[0] = dst;
        try {
            return (int) read(single, 0, 1);
        } finally {
            single[0] = null;
        }
    }

    /**
     * Decrypts every whole record it can into {@code dsts}: first those of the ciphertext kept from before, then those
     * of what the socket has. Returns the plaintext count, 0 when no application data came out (an incomplete record,
     * a handshake message), or -1 once the input ended. When {@code dsts} filled up before every whole record was
     * decrypted, {@link #hasBufferedInput()} says so: the caller reads again without waiting for the socket. In loop.
     *
     * @throws SSLException when the peer's bytes are not acceptable TLS; the alert that says so is sent
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        if (inputEnded) {
            return -1;
        }
        ByteBuffer in = buffers.tlsInput().clear();
        ByteBuffer kept = savedInput;
        savedInput = null;
        int n = 0;
        if (kept != null) {
            int take = Math.min(kept.remaining(), in.remaining());
            in.put(0, kept, kept.position(), take).position(take);
            kept.position(kept.position() + take);
        }
        if (kept == null || !kept.hasRemaining()) {
            n = socket.read(in); // only once everything kept is in: the order of the bytes
        }
        in.flip();
        overflowed = false;
        long produced;
        try {
            produced = unwrap(in, dsts, offset, length);
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        keep(in, kept);
        buffered = savedInput != null && (overflowed || kept != null && kept.hasRemaining());
        if (n < 0 && !inputEnded) {
            inputEnded = true;
            try {
                engine.closeInbound(); // the peer closed without close_notify: a truncation; the caller sees EOF
            } catch (SSLException e) {
                log.debug("TLS peer closed without close_notify: {}", e.getMessage());
            }
        }
        return produced > 0 ? produced : inputEnded ? -1 : 0;
    }

    /** Keeps the ciphertext not decrypted yet: the rest of {@code in}, then the rest of {@code kept}. */
    private void keep(ByteBuffer in, ByteBuffer kept) {
        int rest = in.remaining() + (kept == null ? 0 : kept.remaining());
        if (rest == 0 || inputEnded) {
            return;
        }
        ByteBuffer store = kept != null && !kept.hasRemaining() && kept.capacity() >= rest ? kept.clear()
                : ByteBuffer.allocate(Math.max(rest, packetSize));
        store.put(in);
        if (kept != null && kept != store) {
            store.put(kept);
        }
        savedInput = store.flip();
    }

    /**
     * Whether whole records may wait in the connection's buffer because the last read's destination filled up: read
     * again, as no socket event will announce them. In loop.
     */
    @Override
    boolean hasBufferedInput() {
        return buffered;
    }

    @Override
    boolean holdsPartialInput() {
        return savedInput != null;
    }

    private long unwrap(ByteBuffer in, ByteBuffer[] dsts, int offset, int length) throws IOException {
        long produced = 0;
        while (in.hasRemaining()) {
            SSLEngineResult result = engine.unwrap(in, dsts, offset, length);
            produced += result.bytesProduced();
            switch (result.getStatus()) {
                case CLOSED:
                    inputEnded = true; // close_notify
                    return produced;
                case BUFFER_UNDERFLOW:
                    return produced; // an incomplete record: it waits for the rest
                case BUFFER_OVERFLOW:
                    overflowed = true; // the destination is full: the rest waits for the next read
                    return produced;
                default:
                    break;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status != HandshakeStatus.NOT_HANDSHAKING) {
                handshake(status);
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                    && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                return produced; // nothing moved and nothing to read: never spin
            }
        }
        return produced;
    }

    /** Carries the handshake as far as it goes without more input from the peer. */
    private void handshake(HandshakeStatus status) throws IOException {
        if (session != null && status != HandshakeStatus.FINISHED && !"TLSv1.3".equals(session.getProtocol())) {
            throw new SSLHandshakeException("TLS renegotiation refused");
        }
        HandshakeStatus s = status;
        while (true) {
            switch (s) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run(); // in loop, as a handshake's crypto is short; see docs/operations.md, TLS
                    }
                    s = engine.getHandshakeStatus();
                    break;
                case NEED_WRAP:
                    s = wrapHandshake();
                    break;
                case FINISHED:
                    if (session == null) {
                        SSLSession established = engine.getSession();
                        packetSize = established.getPacketBufferSize();
                        session = established;
                    }
                    return;
                default:
                    return; // NEED_UNWRAP: the peer's turn; NOT_HANDSHAKING: done
            }
        }
    }

    private HandshakeStatus wrapHandshake() throws IOException {
        ByteBuffer out = records.next(packetSize);
        SSLEngineResult result = engine.wrap(EMPTY, out);
        records.send(out, packetSize);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        return result.getHandshakeStatus();
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public int write(ByteBuffer src) throws IOException {
        single[0] = src;
        try {
            return (int) write(single, 0, 1);
        } finally {
            single[0] = null;
        }
    }

    /**
     * Encrypts {@code srcs} into records and writes them; returns the plaintext taken. It takes nothing while records
     * wait for the socket, and stops when the socket stops taking them (the rest of what it encrypted waits, counted
     * in {@link #pendingBytes()}). In loop.
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!flush() || session == null) {
            return 0;
        }
        if (outputClosed) {
            throw new ClosedChannelException();
        }
        ByteBuffer out = records.shared();
        long consumed = 0;
        while (hasRemaining(srcs, offset, length)) {
            if (out.remaining() < packetSize) {
                if (!records.send(out, packetSize)) {
                    return consumed;
                }
                out.clear();
            }
            SSLEngineResult result = engine.wrap(srcs, offset, length, out);
            consumed += result.bytesConsumed();
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("TLS: cannot encrypt: " + result.getStatus());
            }
            if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                records.send(out, packetSize); // a key update the engine started: its records follow these
                handshake(result.getHandshakeStatus());
                return consumed;
            }
        }
        records.send(out, packetSize);
        return consumed;
    }

    @Override
    int pendingBytes() {
        return records.pendingBytes();
    }

    @Override
    boolean flush() throws IOException {
        return records.flush();
    }

    /**
     * Sends close_notify, then shuts the socket's output once it is written; the input stays open for the peer's own
     * close_notify. In loop.
     */
    @Override
    void shutdownOutput() throws IOException {
        if (outputClosed) {
            return;
        }
        outputClosed = true;
        engine.closeOutbound();
        records.shutdownWhenWritten();
        sendClosing();
    }

    /** After a TLS failure: the alert the engine prepared goes out if the socket takes it at once. */
    private void sendAlert() {
        try {
            outputClosed = true;
            sendClosing();
        } catch (IOException | RuntimeException e) {
            log.debug("TLS alert not sent: {}", e.toString());
        }
    }

    /** Wraps what the engine has to say as its outbound side closes (close_notify, or an alert), and sends it. */
    private void sendClosing() throws IOException {
        ByteBuffer out = records.next(packetSize);
        while (!engine.isOutboundDone()) {
            if (engine.wrap(EMPTY, out).bytesProduced() == 0) {
                break;
            }
        }
        records.send(out, packetSize);
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ state

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    boolean isEstablished() {
        return session != null;
    }

    @Override
    boolean inputEnded() {
        return inputEnded;
    }

    @Override
    SSLSession session() {
        return session;
    }

    @Override
    SocketTransport socket() {
        return socket;
    }
}
