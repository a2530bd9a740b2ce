package io.gev;

import io.gev.buffer.RingBuffer;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link Protocol} without a socket, through the engine's own unpack loop ({@link Unpacker}): append bytes,
 * then unpack while frames come out, stopping at an empty buffer or a closed connection, and failing a frame that
 * consumed no input. Its
 * connection keeps only the two context slots; a {@link #connected} driver's connection also takes what the protocol
 * sends (packed at once, as the engine does) and its close, and ignores timers. A fixture for the tests of every
 * framing.
 */
public class ProtocolDriver {

    private final Protocol protocol;
    private final DetachedConnection connection;
    private final RingBuffer in = new RingBuffer();

    public ProtocolDriver(Protocol protocol) {
        this(protocol, false);
    }

    private ProtocolDriver(Protocol protocol, boolean connected) {
        this.protocol = protocol;
        this.connection = new DetachedConnection(connected ? protocol : null);
        if (connected) {
            protocol.onConnect(connection);
        }
    }

    /**
     * A driver for protocols that answer on their own ({@code send}, {@code close}, timers: the WebSocket handshake,
     * say): its connection was announced with {@link Protocol#onConnect}, packs what is sent into {@link #sent()},
     * remembers {@link #isClosed() a close} and never runs a timer.
     */
    public static ProtocolDriver connected(Protocol protocol) {
        return new ProtocolDriver(protocol, true);
    }

    /**
     * Appends {@code len} bytes of {@code bytes} from {@code off} and returns the frames that became whole. Once the
     * connection is closed nothing more is decoded, and a frame cut while closing it is dropped, as the engine does.
     */
    public List<Frame> feed(byte[] bytes, int off, int len) {
        List<Frame> out = new ArrayList<>();
        feed(bytes, off, len, out);
        return out;
    }

    /**
     * Like {@link #feed(byte[], int, int)}, adding each frame to {@code out} as it comes (so they survive a throw). A
     * protocol that throws, or returns a frame without consuming input, fails the call with that exception (an
     * {@link IllegalStateException} for the latter), where the engine would close the connection.
     */
    public void feed(byte[] bytes, int off, int len, List<Frame> out) {
        if (connection.closed) {
            return;
        }
        in.write(bytes, off, len);
        Unpacker.unpack(protocol, connection, in, new Unpacker.Sink() {
            @Override
            public boolean wantsFrame() {
                return true; // no output here to push back
            }

            @Override
            public boolean isOpen() {
                return !connection.closed;
            }

            @Override
            public void accept(Frame frame) {
                out.add(frame);
            }

            @Override
            public void failed(Throwable failure) {
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(failure);
            }
        });
    }

    public List<Frame> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Bytes buffered and not yet part of a frame. */
    public int buffered() {
        return in.length();
    }

    public byte[] pack(Object message) {
        return protocol.pack(connection, message);
    }

    /** The socketless connection the protocol is driven with, for callers that unpack by hand (the benchmarks). */
    public Connection connection() {
        return connection;
    }

    /** What the protocol sent, packed, in order (only a {@link #connected} driver's connection takes any). */
    public List<byte[]> sent() {
        return connection.sent;
    }

    /** Whether the protocol closed the connection (only a {@link #connected} driver's connection can be closed). */
    public boolean isClosed() {
        return connection.closed;
    }

    /** The frames of {@code stream} when it arrives cut in two at {@code split}. */
    public static List<Frame> splitAt(Protocol protocol, byte[] stream, int split) {
        ProtocolDriver driver = new ProtocolDriver(protocol);
        List<Frame> out = new ArrayList<>(driver.feed(stream, 0, split));
        out.addAll(driver.feed(stream, split, stream.length - split));
        return out;
    }

    /**
     * A connection with no socket: it keeps the two context slots and refuses everything else, unless it has a protocol
     * to pack with: then it packs and keeps what is sent, remembers a close and hands out timers that never run.
     */
    private static final class DetachedConnection implements Connection {

        private final Protocol packer;
        private final List<byte[]> sent = new ArrayList<>();
        private boolean closed;
        private Object context;
        private Object protocolContext;

        DetachedConnection(Protocol packer) {
            this.packer = packer;
        }

        private void requireConnected() {
            if (packer == null) {
                throw new UnsupportedOperationException();
            }
        }

        @Override
        public void send(Object message) {
            requireConnected();
            if (!closed) {
                byte[] bytes = packer.pack(this, message);
                if (bytes != null && bytes.length > 0) {
                    sent.add(bytes);
                }
            }
        }

        @Override
        public void send(Object message, Runnable onFlushed) {
            send(message);
        }

        @Override
        public void close() {
            requireConnected();
            closed = true;
        }

        @Override
        public void shutdownWrite() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void suspendReading() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resumeReading() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object context() {
            return context;
        }

        @Override
        public void setContext(Object context) {
            this.context = context;
        }

        @Override
        public Object protocolContext() {
            return protocolContext;
        }

        @Override
        public void setProtocolContext(Object protocolContext) {
            this.protocolContext = protocolContext;
        }

        @Override
        public SocketAddress peerAddress() {
            return null;
        }

        @Override
        public SocketAddress localAddress() {
            return null;
        }

        @Override
        public boolean isConnected() {
            return !closed;
        }

        @Override
        public int readBufferLength() {
            return 0;
        }

        @Override
        public int writeBufferLength() {
            return 0;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public Timer runAfter(Duration delay, Runnable task) {
            requireConnected();
            return new InertTimer();
        }

        @Override
        public Timer runEvery(Duration period, Runnable task) {
            requireConnected();
            return new InertTimer();
        }
    }

    /** A timer whose task never runs. */
    private static final class InertTimer implements Timer {

        private boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
