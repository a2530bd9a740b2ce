package io.gev;

import io.gev.buffer.RingBuffer;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link Protocol} without a socket, the way the engine does: append bytes, then unpack while frames come
 * out. Its connection keeps only the two context slots. A fixture for the tests of every framing.
 */
public class ProtocolDriver {

    private final Protocol protocol;
    private final Connection connection = new DetachedConnection();
    private final RingBuffer in = new RingBuffer();

    public ProtocolDriver(Protocol protocol) {
        this.protocol = protocol;
    }

    /** Appends {@code len} bytes of {@code bytes} from {@code off} and returns the frames that became whole. */
    public List<Frame> feed(byte[] bytes, int off, int len) {
        in.write(bytes, off, len);
        List<Frame> out = new ArrayList<>();
        Frame frame;
        while ((frame = protocol.unpack(connection, in)) != null) {
            out.add(frame);
        }
        return out;
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

    /** The frames of {@code stream} when it arrives cut in two at {@code split}. */
    public static List<Frame> splitAt(Protocol protocol, byte[] stream, int split) {
        ProtocolDriver driver = new ProtocolDriver(protocol);
        List<Frame> out = new ArrayList<>(driver.feed(stream, 0, split));
        out.addAll(driver.feed(stream, split, stream.length - split));
        return out;
    }

    /** A connection with no socket: it keeps the two context slots and refuses everything else. */
    private static final class DetachedConnection implements Connection {

        private Object context;
        private Object protocolContext;

        @Override
        public void send(Object message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(Object message, Runnable onFlushed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdownWrite() {
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
            return true;
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
            throw new UnsupportedOperationException();
        }

        @Override
        public Timer runEvery(Duration period, Runnable task) {
            throw new UnsupportedOperationException();
        }
    }
}
