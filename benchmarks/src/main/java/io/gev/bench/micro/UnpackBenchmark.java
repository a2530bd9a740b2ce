package io.gev.bench.micro;

import io.gev.Connection;
import io.gev.EmbeddedSocket;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The shape of every framing benchmark: an operation appends {@value #FRAMES} encoded frames of {@code payload} bytes
 * to a ring buffer, as one socket read would, then unpacks them all, as the connection's read does. Scores are per
 * frame. With {@code DIRECT} the frames are unpacked from native memory, like the engine's fast path (the loop's read
 * buffer); with {@code HEAP} from an array, like a connection's inbound buffer when a frame spans reads.
 *
 * <p>A subclass names the protocol and encodes one frame; the bytes a client sends first (a WebSocket upgrade) go
 * through the protocol once, in the setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class UnpackBenchmark {

    static final int FRAMES = 16;

    @Param({"64", "4096"})
    public int payload;

    @Param({"HEAP", "DIRECT"})
    public BufferKind kind;

    private Connection connection;
    private Protocol protocol;
    private RingBuffer in;
    private byte[] batch;

    @Setup
    public void setUp() {
        protocol = protocol();
        // a connection without a socket: it keeps the context slots and takes what the protocol sends
        connection = EmbeddedSocket.open(GevServer.builder((c, context, data) -> null).protocol(protocol)).connection();
        in = kind.create(0);
        in.write(opening());
        drain();
        if (!in.isEmpty()) {
            throw new IllegalStateException(in.length() + " bytes of the opening left unread");
        }
        byte[] frame = frame(protocol, connection);
        batch = new byte[frame.length * FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        in.write(batch);
        int frames = drain();
        if (frames != FRAMES || !in.isEmpty()) {
            throw new IllegalStateException(frames + " frames unpacked from " + FRAMES + ", " + in.length()
                    + " bytes left");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void unpack(Blackhole blackhole) {
        in.write(batch);
        for (Frame frame; (frame = protocol.unpack(connection, in)) != null; ) {
            blackhole.consume(frame);
        }
    }

    /** Unpacks every whole frame in the buffer, for the setup; returns how many. */
    private int drain() {
        int frames = 0;
        while (protocol.unpack(connection, in) != null) {
            frames++;
        }
        return frames;
    }

    /** The protocol under test, with its limits above the frames of the benchmark. */
    protected abstract Protocol protocol();

    /** One frame of {@code payload} bytes, as a client would send it over {@code connection}. */
    protected abstract byte[] frame(Protocol protocol, Connection connection);

    /** What a client sends before its first frame; nothing unless the protocol has an opening handshake. */
    protected byte[] opening() {
        return new byte[0];
    }
}
