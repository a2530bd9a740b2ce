package io.gev.test;

import io.gev.Connection;
import io.gev.EmbeddedSocket;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of a server, driven by a test with no socket and no thread: the bytes a peer would send go in, in
 * whatever pieces the test chooses, and what the server would write comes out. It runs the engine's own connection
 * (the read path and its unpack loop, the handler calls, the output path with its watermarks, the timers and the
 * close sequence), so that what passes here passes on a socket:
 *
 * <pre>{@code
 * EmbeddedConnection c = EmbeddedConnection.of(DelimiterProtocol.lines(1024, false), new EchoHandler());
 * c.writeInbound("hel".getBytes(UTF_8), "lo\n".getBytes(UTF_8));
 * assertThat(c.readOutboundString()).isEqualTo("hello\n");
 * c.writeInbound("half a line");
 * c.advance(Duration.ofSeconds(30)); // the partial-frame timeout, on a manual clock
 * assertThat(c.isOpen()).isFalse();
 * }</pre>
 *
 * <p>Any {@link Handler} works: a {@code StreamHandler}, a WebSocket or protobuf handler adapted as the server would
 * ({@code WebSocket.handler(...)}, {@code Protobuf.handler(...)}). Time moves only with {@link #advance}, which fires
 * the timers due: idle and partial-frame timeouts, a close's wait for the peer, the handler's own. A small
 * {@link #sendBufferSize} makes the socket take less than is written, as a slow peer does, to provoke back-pressure.
 *
 * <p>Not thread safe: the thread that makes it is its connection's loop thread, and its methods are called there.
 * {@link #connection()} may be handed to other threads like any connection; what they do reaches the socket at the
 * next call here ({@link #runPendingTasks()}).
 */
public final class EmbeddedConnection {

    private final EmbeddedSocket socket;
    /** The frames cut from the output, one codec per protocol asked for (the codec keeps a partial frame). */
    private PeerCodec outboundCodec;
    private Protocol outboundProtocol;

    private EmbeddedConnection(EmbeddedSocket socket) {
        this.socket = socket;
    }

    /**
     * A connection framed by {@code protocol} and handled by {@code handler}, with a server's default settings; the
     * handler has heard of it when this returns. Loop thread only (this thread becomes it).
     */
    public static EmbeddedConnection of(Protocol protocol, Handler handler) {
        return of(GevServer.builder(handler).protocol(protocol));
    }

    /**
     * A connection with the settings of {@code server}: its protocol, handler, timeouts, watermarks and outbound limit
     * (what is about listening does not apply). Loop thread only (this thread becomes it).
     *
     * @throws IllegalArgumentException when the settings contradict each other, as {@link GevServer.Builder#build()}
     */
    public static EmbeddedConnection of(GevServer.Builder server) {
        return new EmbeddedConnection(EmbeddedSocket.open(server));
    }

    /** The connection, as its handler sees it. Thread safe (on this thread it acts at once). */
    public Connection connection() {
        return socket.connection();
    }

    // ------------------------------------------------------------------------------------------------ input

    /**
     * The peer sends {@code chunks}, each arriving as one read: the connection reads and handles each before the next
     * arrives, unless reading is held off (suspended, or output above the high watermark), when they wait in the
     * socket. Returns this. Loop thread only.
     */
    public EmbeddedConnection writeInbound(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            socket.writeInbound(chunk, 0, chunk.length);
        }
        return this;
    }

    /** Like {@link #writeInbound(byte[]...)} with each chunk's UTF-8 bytes. Loop thread only. */
    public EmbeddedConnection writeInbound(String... chunks) {
        for (String chunk : chunks) {
            writeInbound(chunk.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /**
     * The peer half-closes: the connection reads the end of stream after what waits, and the handler's
     * {@code onInputClosed} decides (by default the connection closes). Returns this. Loop thread only.
     */
    public EmbeddedConnection shutdownInput() {
        socket.shutdownInput();
        return this;
    }

    /** Bytes the peer sent that the connection has not read yet, as reading is held off. Loop thread only. */
    public int unreadInbound() {
        return socket.unreadInbound();
    }

    // ------------------------------------------------------------------------------------------------ output

    /** Every byte the connection wrote since the last read of the output; empty when none. Loop thread only. */
    public byte[] readOutbound() {
        return socket.readOutbound();
    }

    /** {@link #readOutbound()} as UTF-8 text. Loop thread only. */
    public String readOutboundString() {
        return new String(readOutbound(), StandardCharsets.UTF_8);
    }

    /**
     * The frames the connection wrote since the last read of the output, cut by {@code protocol} as the peer would
     * (for a framing that is the same both ways: lines, delimiters, length fields, the protobuf framings); a frame
     * not whole yet is kept for the next call with the same protocol. Each frame's data is its payload, and its
     * context what the protocol gives (the parsed message of a protobuf framing). Loop thread only.
     *
     * @throws IllegalStateException when the output is not of that framing
     */
    public List<Frame> readOutboundFrames(Protocol protocol) {
        if (outboundProtocol != protocol) {
            outboundProtocol = protocol;
            outboundCodec = new PeerCodec(protocol);
        }
        return outboundCodec.unpack(readOutbound());
    }

    /** The payloads of {@link #readOutboundFrames} as UTF-8 text, one string a frame. Loop thread only. */
    public List<String> readOutboundStrings(Protocol protocol) {
        List<String> out = new ArrayList<>();
        for (Frame frame : readOutboundFrames(protocol)) {
            out.add(new String(frame.data(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The socket holds at most {@code bytes} written and not read by the test; past that it takes less or nothing and
     * the connection queues the rest (and stops reading above its high watermark), as with a slow peer. Reading the
     * output makes room. Default unbounded. Returns this. Loop thread only.
     */
    public EmbeddedConnection sendBufferSize(long bytes) {
        socket.sendBufferSize(bytes);
        return this;
    }

    // ------------------------------------------------------------------------------------------------ time and tasks

    /** Moves the manual clock on by {@code duration}, firing the timers due meanwhile. Loop thread only. */
    public EmbeddedConnection advance(Duration duration) {
        socket.advance(duration);
        return this;
    }

    /** Runs what other threads handed to the connection since (their sends, say). Returns this. Loop thread only. */
    public EmbeddedConnection runPendingTasks() {
        socket.runPendingTasks();
        return this;
    }

    // ------------------------------------------------------------------------------------------------ state

    /** Whether the connection reads and handles input: it is neither closing nor closed. Loop thread only. */
    public boolean isOpen() {
        return socket.isOpen();
    }

    /**
     * Whether the connection is closed for good. A graceful close writes out what is queued, half-closes, and waits
     * for the peer to close ({@link #shutdownInput()}) at most 2 s ({@link #advance}). Loop thread only.
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Whether the connection shut its output down: a half-close, or the first step of a close. Loop thread only. */
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    /** Whether output is below the high watermark ({@link Connection#isWritable()}). Loop thread only. */
    public boolean isWritable() {
        return socket.connection().isWritable();
    }

    /**
     * What the protocol or the handler threw that closed the connection (a malformed frame, say), or null if nothing
     * did. Loop thread only.
     */
    public Throwable failure() {
        return socket.failure();
    }

    @Override
    public String toString() {
        return "EmbeddedConnection[" + socket.connection() + "]";
    }
}
