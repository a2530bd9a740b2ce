package io.gev.codec;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import java.util.ArrayList;
import java.util.List;

/** Feeds bytes to a protocol the way the engine does: append, then unpack while frames come out. */
final class Decoding {

    private final Protocol protocol;
    private final Connection connection = new DetachedConnection();
    private final RingBuffer in = new RingBuffer();

    Decoding(Protocol protocol) {
        this.protocol = protocol;
    }

    /** Appends {@code bytes} and returns the payloads of the frames that became whole. */
    List<byte[]> feed(byte[] bytes, int off, int len) {
        in.write(bytes, off, len);
        List<byte[]> out = new ArrayList<>();
        Frame f;
        while ((f = protocol.unpack(connection, in)) != null) {
            out.add(f.data());
        }
        return out;
    }

    List<byte[]> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Bytes buffered and not yet part of a frame. */
    int buffered() {
        return in.length();
    }

    /** Every payload of {@code stream} when it arrives cut at {@code split}. */
    static List<byte[]> splitAt(Protocol protocol, byte[] stream, int split) {
        Decoding d = new Decoding(protocol);
        List<byte[]> out = new ArrayList<>(d.feed(stream, 0, split));
        out.addAll(d.feed(stream, split, stream.length - split));
        return out;
    }

    byte[] pack(Object message) {
        return protocol.pack(connection, message);
    }
}
