package io.gev.test;

import io.gev.EmbeddedSocket;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Protocol} used from the peer's side: it packs what the peer sends and cuts frames from what the peer
 * receives, through the engine's own output path and unpack loop (an {@link EmbeddedSocket} of its own, whose
 * connection keeps the protocol's state between calls). For framings that are the same both ways: raw, lines,
 * delimiters, length fields, the protobuf framings.
 *
 * <p>Not thread safe: one caller at a time, on any thread (its embedded socket has loop memory of its own).
 */
final class PeerCodec implements ClientFraming {

    private final EmbeddedSocket socket;
    private final List<Frame> frames = new ArrayList<>();

    PeerCodec(Protocol protocol) {
        this.socket = EmbeddedSocket.openMovable(GevServer.builder((connection, context, data) -> {
            frames.add(new Frame(context, data));
            return null;
        }).protocol(protocol).partialFrameTimeout(Duration.ZERO));
    }

    /** What {@code message} is on the wire. */
    @Override
    public byte[] pack(Object message) {
        socket.connection().send(message);
        failIfClosed("pack");
        return socket.readOutbound();
    }

    /**
     * The frames that became whole with {@code bytes} (what is left of a frame waits for the next call).
     *
     * @throws IllegalStateException when the bytes are not of this framing (what the protocol threw is its cause)
     */
    List<Frame> unpack(byte[] bytes) {
        frames.clear();
        socket.writeInbound(bytes, 0, bytes.length);
        failIfClosed("unpack");
        List<Frame> out = List.copyOf(frames);
        frames.clear();
        return out;
    }

    @Override
    public List<Frame> unpack(byte[] bytes, Consumer<byte[]> reply) {
        return unpack(bytes);
    }

    private void failIfClosed(String what) {
        if (!socket.isOpen()) {
            Throwable failure = socket.failure();
            throw new IllegalStateException("cannot " + what + ": " + (failure == null ? "the protocol closed"
                    : failure), failure);
        }
    }
}
