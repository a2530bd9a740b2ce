package io.gev;

import java.util.ArrayList;
import java.util.List;

/**
 * A protocol driven through the engine's own connection without a socket ({@link EmbeddedSocket}), with a handler
 * that keeps every frame it is given: append bytes and get the frames that became whole, read what the protocol sent
 * (each packed message, in order) and whether it closed the connection. A fixture for the tests of every framing:
 * what holds here holds on a socket, since the read path, the unpack loop and the output path are the engine's.
 */
public class EmbeddedFrames {

    private final EmbeddedSocket socket;
    private final List<Frame> frames = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();

    public EmbeddedFrames(Protocol protocol) {
        Protocol recording = new Recording(protocol, sent);
        this.socket = EmbeddedSocket.open(GevServer.builder((connection, context, data) -> {
            frames.add(new Frame(context, data));
            return null;
        }).protocol(recording));
    }

    /**
     * Appends {@code len} bytes of {@code bytes} from {@code off} and returns the frames that became whole. Once the
     * connection is closing nothing more is decoded, and a frame cut while closing it is dropped, as on a socket.
     *
     * @throws RuntimeException what the protocol threw, where the engine closed the connection for it (an
     *                          {@link IllegalStateException} for a frame returned without consuming input)
     */
    public List<Frame> feed(byte[] bytes, int off, int len) {
        List<Frame> out = new ArrayList<>();
        feed(bytes, off, len, out);
        return out;
    }

    /** Like {@link #feed(byte[], int, int)}, adding each frame to {@code out} (so that they survive a throw). */
    public void feed(byte[] bytes, int off, int len, List<Frame> out) {
        Throwable before = socket.failure();
        frames.clear();
        socket.writeInbound(bytes, off, len);
        out.addAll(frames);
        rethrowNew(before);
    }

    /** Throws what closed the connection since it was {@code before}. */
    private void rethrowNew(Throwable before) {
        Throwable failure = socket.failure();
        if (failure != before && failure != null) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(failure);
        }
    }

    public List<Frame> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Bytes read and not yet part of a frame. */
    public int buffered() {
        return socket.connection().readBufferLength();
    }

    /**
     * What {@code message} is on the wire: sent on the connection, and taken from the socket.
     *
     * @throws RuntimeException what the protocol threw, where the engine closed the connection for it
     */
    public byte[] pack(Object message) {
        Throwable before = socket.failure();
        socket.connection().send(message);
        rethrowNew(before);
        return socket.readOutbound();
    }

    /** The connection the protocol is driven with. */
    public Connection connection() {
        return socket.connection();
    }

    /** The socket under it, to read the output as bytes or move the clock. */
    public EmbeddedSocket socket() {
        return socket;
    }

    /** What the protocol packed for the socket, one array a message, in order. */
    public List<byte[]> sent() {
        return sent;
    }

    /** Whether the connection is closing or closed: the protocol closed it, or it failed. */
    public boolean isClosed() {
        return !socket.isOpen();
    }

    /** The frames of {@code stream} when it arrives cut in two at {@code split}. */
    public static List<Frame> splitAt(Protocol protocol, byte[] stream, int split) {
        EmbeddedFrames driver = new EmbeddedFrames(protocol);
        List<Frame> out = new ArrayList<>(driver.feed(stream, 0, split));
        out.addAll(driver.feed(stream, split, stream.length - split));
        return out;
    }

    /** The protocol, keeping what it packs. */
    private record Recording(Protocol protocol, List<byte[]> sent) implements Protocol {

        @Override
        public Frame unpack(Connection connection, io.gev.buffer.RingBuffer in) {
            return protocol.unpack(connection, in);
        }

        @Override
        public byte[] pack(Connection connection, Object message) {
            byte[] bytes = protocol.pack(connection, message);
            if (bytes != null && bytes.length > 0) {
                sent.add(bytes);
            }
            return bytes;
        }

        @Override
        public void onConnect(Connection connection) {
            protocol.onConnect(connection);
        }

        @Override
        public void onServerStop(Connection connection) {
            protocol.onServerStop(connection);
        }
    }
}
