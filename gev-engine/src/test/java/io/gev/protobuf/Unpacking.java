package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to a protobuf framing the way the engine does: append, then unpack while frames come out. The protobuf
 * framings never touch their connection, so none is passed.
 */
final class Unpacking {

    private final Protocol protocol;
    private final RingBuffer in = new RingBuffer();

    Unpacking(Protocol protocol) {
        this.protocol = protocol;
    }

    /** Appends {@code len} bytes of {@code bytes} from {@code off} and returns the frames that became whole. */
    List<Frame> feed(byte[] bytes, int off, int len) {
        in.write(bytes, off, len);
        List<Frame> out = new ArrayList<>();
        Frame frame;
        while ((frame = protocol.unpack(null, in)) != null) {
            out.add(frame);
        }
        return out;
    }

    List<Frame> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** The messages parsed from {@code bytes}, fed at once. */
    List<Message> messages(byte[] bytes) {
        return feed(bytes).stream().map(f -> (Message) f.context()).toList();
    }

    /** Bytes buffered and not yet part of a frame. */
    int buffered() {
        return in.length();
    }

    byte[] pack(Object message) {
        return protocol.pack(null, message);
    }

    /** The messages of {@code stream} when it arrives cut in two at {@code split}. */
    static List<Message> splitAt(Protocol protocol, byte[] stream, int split) {
        Unpacking u = new Unpacking(protocol);
        List<Message> out = new ArrayList<>(u.messages(Arrays.copyOfRange(stream, 0, split)));
        out.addAll(u.messages(Arrays.copyOfRange(stream, split, stream.length)));
        return out;
    }

    /** The messages of {@code stream} when it arrives one byte at a time: cut at every boundary at once. */
    static List<Message> byteByByte(Protocol protocol, byte[] stream) {
        Unpacking u = new Unpacking(protocol);
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            u.feed(stream, i, 1).forEach(f -> out.add((Message) f.context()));
        }
        return out;
    }
}
