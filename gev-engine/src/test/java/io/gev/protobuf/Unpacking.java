package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Protocol;
import io.gev.EmbeddedFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EmbeddedFrames} for the protobuf framings, which hands out the parsed messages.
 */
final class Unpacking extends EmbeddedFrames {

    Unpacking(Protocol protocol) {
        super(protocol);
    }

    /** The messages parsed from {@code bytes}, fed at once. */
    List<Message> messages(byte[] bytes) {
        return feed(bytes).stream().map(f -> (Message) f.context()).toList();
    }

    /** The messages of {@code stream} when it arrives cut in two at {@code split}. */
    static List<Message> messagesSplitAt(Protocol protocol, byte[] stream, int split) {
        return splitAt(protocol, stream, split).stream().map(f -> (Message) f.context()).toList();
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
