package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's way in: reading the transport into the loop's read buffer (after the {@link Preamble}, if any),
 * the {@link Unpacker unpack loop} with its back-pressure rules, handing frames to the handler and replies to the
 * {@link OutboundBuffer}, resuming after back-pressure, and the partial-frame timer that closes a peer which sent
 * half a frame and went quiet. Input is decoded in place in the loop's read buffer when nothing waits before it;
 * only the bytes of an incomplete frame are kept in the connection's own ring buffer, released when it empties.
 *
 * <p>{@link #length()} is thread safe (a recent value off the loop); everything else runs in loop.
 */
final class InboundPath implements Unpacker.Sink {

    private static final Logger log = LoggerFactory.getLogger(InboundPath.class);

    private final TcpConnection connection;
    private final OutboundBuffer outbound;
    private final HandlerInvoker invoker;
    private final Protocol protocol;
    private final LoopCounters counters;
    /** Input not decoded yet (an incomplete frame, or input held off): null while there is none. */
    private RingBuffer buffered;
    /** What comes before the protocol, until it is done; null then, or when there is none. */
    private Preamble preamble;
    /** Decoding now: a callback that resumes must not decode from inside the loop. */
    private boolean processing;
    /** Decoding what was read although reading is held off: the server stops, or the peer finished sending. */
    private boolean draining;
    /** Frames cut in the current pass, counted once at its end. */
    private int decoded;
    /** When the socket was last readable: the partial-frame and idle checks measure silence from it. */
    private long lastReadNanos;
    /** What the input buffer held when the memory budget was last told. */
    private int accountedBytes;
    /** Watches an incomplete frame for a peer that stopped sending (see checkPartialFrame). */
    private WheelTimer partialFrameTimer;

    InboundPath(TcpConnection connection, Preamble preamble) {
        this.connection = connection;
        this.outbound = connection.outbound();
        this.invoker = connection.invoker();
        this.protocol = connection.config().protocol();
        this.counters = connection.counters();
        this.preamble = preamble;
        this.lastReadNanos = connection.loop().now();
    }

    /** The connection registered: its preamble begins, or, without one, the handler hears of it. In loop. */
    void start() {
        if (preamble == null) {
            connection.announce();
        } else {
            preamble.begin();
        }
    }

    /** The size of the array holding input not decoded yet (0 when there is none). In loop. */
    int footprint() {
        RingBuffer held = buffered;
        return held == null ? 0 : held.capacity();
    }

    /** When the socket was last readable (the loop's clock). In loop. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /**
     * Tells the owner (the server's memory budget) what the input buffer holds when that changed since it last told:
     * the array was made, grew or was given back. Nothing once closed. In loop.
     */
    void accountBuffer() {
        int now = connection.phase() == Phase.CLOSED ? 0 : footprint();
        if (now != accountedBytes) {
            int delta = now - accountedBytes;
            accountedBytes = now; // first: the owner may close the connection, which accounts again
            connection.owner().buffered(connection, delta);
        }
    }

    /** Bytes received and not consumed by the protocol yet. Thread safe (exact on the loop). */
    int length() {
        RingBuffer held = buffered;
        return held == null ? 0 : held.length();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * The socket is readable, and the connection live: reads the transport into the loop's read buffer and handles
     * what came, again while the transport holds input it can yield without the socket (decrypted TLS records) and
     * nothing holds reading off (once it lets go, {@link #resumeDecoding()} reads the rest). In loop.
     *
     * <p>Reading and decoding stay in this one method, and the reply's write is few calls below it: the JIT inlines
     * the whole path from the selector to the socket's write only within a bounded call depth.
     */
    void onReadable() {
        if (!connection.gate().isOpen()) {
            return; // held off since the selector reported it ready: its interest says so from now on
        }
        lastReadNanos = connection.loop().now();
        RingBuffer scratch = connection.loop().buffers().read();
        Transport transport = connection.transport();
        try {
            boolean pendingInput = false;
            if (connection.phase() == Phase.PROXY_HEADER) {
                if (!readProxyHeader(scratch)) {
                    return;
                }
                pendingInput = true; // bytes behind the header may wait already
            }
            do {
                int n = scratch.readFrom(transport, scratch.capacity());
                if (connection.phase() == Phase.TLS_HANDSHAKE && transport.isEstablished()) {
                    preamble.handshakeDone();
                    preamble = null;
                }
                if ((n > 0 || pendingInput) && takeIn(scratch)) {
                    process(isEmpty() ? scratch : buffered);
                    keepRest(scratch);
                }
                scratch.clear();
                pendingInput = false;
                if (n < 0 || transport.inputEnded()) {
                    connection.closing().peerShutdown();
                    return;
                }
            } while (transport.hasBufferedInput() && connection.phase().isLive() && connection.gate().isOpen());
            if (transport.pendingBytes() > 0 && connection.phase() != Phase.CLOSED) {
                outbound.afterWrite(); // handshake records wait for the socket: ask for a write event
            }
        } catch (SSLException e) {
            connection.closing().tlsFailure(e);
        } catch (IOException e) {
            connection.closing().ioFailure(e);
        } finally {
            scratch.clear();
        }
    }

    /**
     * Reads the PROXY header; returns whether it is complete (and the connection goes on to its next phase), false
     * while it is not or when the peer closed before it (the connection then closes).
     */
    private boolean readProxyHeader(RingBuffer scratch) throws IOException {
        int header = preamble.readProxyHeader(scratch, heldInput());
        if (header < 0) {
            connection.closing().peerShutdown();
        }
        if (header <= 0) {
            return false;
        }
        if (connection.phase() == Phase.OPEN) {
            preamble = null; // a PROXY header without TLS: done
        }
        return true;
    }

    /**
     * Whether there is input to decode now that {@code scratch} came (it may be empty when the bytes are buffered
     * already): when something waits before it, its bytes go behind, and what waits is decoded; else it is decoded in
     * place.
     */
    private boolean takeIn(RingBuffer scratch) {
        if (connection.phase() != Phase.OPEN || isEmpty() && scratch.isEmpty()) {
            return false;
        }
        if (!isEmpty()) {
            buffered.write(scratch);
        }
        return true;
    }

    /**
     * After decoding: keeps what is left of {@code scratch} (an incomplete frame, or input held off by back-pressure)
     * and watches an incomplete frame with the partial-frame timer.
     */
    private void keepRest(RingBuffer scratch) {
        if (connection.phase() == Phase.OPEN && !scratch.isEmpty()) {
            heldInput().write(scratch);
        }
        releaseIfEmpty();
        accountBuffer();
        if ((!isEmpty() || connection.transport().holdsPartialInput()) && partialFrameTimer == null
                && connection.phase() == Phase.OPEN && !connection.config().partialFrameTimeout().isZero()) {
            partialFrameTimer = connection.loop().timers().scheduleInLoop(
                    connection.config().partialFrameTimeout().toNanos(), this::checkPartialFrame);
        }
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * Unpacks and handles every whole frame in {@code in}, flushing the replies of each batch with one write. Stops
     * early while output is above the high watermark; the rest stays in {@code in} for when it drains.
     */
    private void process(RingBuffer in) {
        processing = true;
        try {
            boolean more;
            do {
                RingBuffer batch = outbound.beginBatch();
                try {
                    more = decode(in, batch);
                } finally {
                    outbound.endBatch();
                }
            } while (more && connection.phase() == Phase.OPEN && connection.gate().isOpen());
        } finally {
            processing = false;
        }
    }

    /** One pass of decoding into {@code batch}; returns true when back-pressure stopped it with input possibly left. */
    private boolean decode(RingBuffer in, RingBuffer batch) {
        if (invoker.isStreaming()) {
            if (!wantsFrame()) {
                return true;
            }
            invoker.onData(connection, in, batch);
            return false;
        }
        decoded = 0;
        boolean stopped = Unpacker.unpack(protocol, connection, in, this);
        if (decoded > 0) {
            counters.add(LoopCounters.MESSAGES_RECEIVED, decoded);
        }
        return stopped;
    }

    /**
     * Whether the next frame may be decoded: not while a close waits for the handler executor, reading is suspended,
     * held off by the memory budget or by a relay's other side, too many messages wait for the handler executor, or
     * output is above the high watermark; always while draining.
     * In loop.
     */
    @Override
    public boolean wantsFrame() {
        if (draining) {
            return true;
        }
        if (connection.gate().isClosedBy(ReadGate.AWAITING_HANDLERS | ReadGate.SUSPENDED | ReadGate.MEMORY
                | ReadGate.RELAY_BLOCKED | ReadGate.RELAY_IN_FLIGHT)) {
            return false;
        }
        HandlerQueue queue = connection.handlerQueue();
        if (queue != null && queue.isBacklogged()) {
            connection.gate().close(ReadGate.HANDLER_BACKLOG);
            return false;
        }
        return !outbound.isAboveHighWatermark();
    }

    @Override
    public boolean isOpen() {
        return connection.phase() == Phase.OPEN;
    }

    /** A frame: the handler's reply, if it has one at once, goes to the batch. In loop. */
    @Override
    public void accept(Frame frame) {
        decoded++;
        Object reply = invoker.onMessage(connection, frame.context(), frame.data());
        if (reply != null) {
            outbound.write(reply, null);
        }
    }

    @Override
    public void failed(Throwable failure) {
        connection.closing().protocolFailure("unpack", failure);
    }

    // ------------------------------------------------------------------------------------------------ resuming

    /** Decodes what waits, and reads again, after something that held reading off let go. In loop. */
    void resumeDecoding() {
        if (!connection.phase().isLive() || processing || !connection.gate().isOpen()) {
            return;
        }
        if (connection.phase() == Phase.OPEN && !isEmpty()) {
            process(buffered);
            releaseIfEmpty();
            accountBuffer();
        }
        if (connection.transport().hasBufferedInput() && connection.phase().isLive() && connection.gate().isOpen()) {
            onReadable(); // records decrypted no further while reading paused: no socket event will bring them
        }
    }

    /**
     * Holds reading off for {@code reason} (one of {@link ReadGate}'s: the user suspends it, the server is over its
     * memory budget). In loop.
     */
    void holdOff(int reason) {
        connection.gate().close(reason);
        connection.updateInterest();
    }

    /** {@code reason} no longer holds reading off: reading and decoding go on if nothing else holds them. In loop. */
    void letGo(int reason) {
        if (release(reason)) {
            resumeDecoding();
        }
    }

    /**
     * Like {@link #letGo}, but only reads again: what waits is decoded by a later {@link #resumeDecoding()}. Returns
     * whether {@code reason} held reading off. In loop.
     */
    boolean release(int reason) {
        if (connection.phase() != Phase.CLOSED && connection.gate().open(reason)) {
            connection.updateInterest();
            return true;
        }
        return false;
    }

    /**
     * Decodes and handles every whole frame already read, whatever holds reading off: the connection is closing
     * because the server stops or the peer finished sending, and each request read gets its reply. In loop.
     */
    void drain() {
        if (connection.phase() != Phase.OPEN || processing || isEmpty()) {
            return;
        }
        draining = true;
        try {
            process(buffered);
        } finally {
            draining = false;
        }
        releaseIfEmpty();
    }

    /**
     * An incomplete frame has waited: close the connection if the peer sent nothing for the partial-frame timeout
     * (unless it is gev that stopped reading), else look again when it would be due.
     */
    private void checkPartialFrame() {
        partialFrameTimer = null;
        if (!connection.phase().isLive() || isEmpty() && !connection.transport().holdsPartialInput()) {
            return;
        }
        long timeout = connection.config().partialFrameTimeout().toNanos();
        long quiet = connection.loop().now() - lastReadNanos;
        if (quiet >= timeout && !connection.gate().isClosedBy(ReadGate.OUTPUT_FULL)) {
            counters.increment(LoopCounters.READ_TIMEOUTS);
            log.info("{}: {} bytes of an incomplete frame and nothing more for {}; closing the"
                    + " connection", connection, length(), connection.config().partialFrameTimeout());
            connection.closing().closeGracefully();
        } else {
            partialFrameTimer = connection.loop().timers().scheduleInLoop(Math.max(timeout - quiet, timeout / 4),
                    this::checkPartialFrame);
        }
    }

    // ------------------------------------------------------------------------------------------------ closing

    /** Drops what waits (the connection is closing: nothing more is decoded). In loop. */
    void clear() {
        buffered = null;
    }

    /** Drops what waits, releases the buffer's array and cancels the timers (the connection closed). In loop. */
    void release() {
        buffered = null;
        connection.loop().timers().cancelInLoop(partialFrameTimer);
        partialFrameTimer = null;
        if (preamble != null) {
            preamble.cancel();
        }
    }

    /** Whether no input waits. In loop. */
    private boolean isEmpty() {
        return buffered == null || buffered.isEmpty();
    }

    /** The buffer for input that waits, made when input first has to wait. In loop. */
    private RingBuffer heldInput() {
        if (buffered == null) {
            buffered = new RingBuffer();
        }
        return buffered;
    }

    /** Lets go of the buffer (and its array) once nothing waits, so that an idle connection holds none. */
    private void releaseIfEmpty() {
        if (buffered != null && buffered.isEmpty()) {
            buffered = null;
        }
    }
}
