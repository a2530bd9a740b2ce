package io.gev.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * Two reusable views of a ring buffer's store for channel I/O: a span that wraps past the store's end is two slices,
 * read or written in one scattering or gathering call, with no copy and nothing allocated per call. Not thread safe:
 * it belongs to its ring buffer.
 */
final class ChannelViews {

    private final ByteBuffer first;
    private final ByteBuffer second;
    private final ByteBuffer[] pair;

    ChannelViews(ByteBuffer store) {
        first = store.duplicate();
        second = store.duplicate();
        pair = new ByteBuffer[] {first, second};
    }

    /** Reads from {@code channel} into {@code len} bytes of the store from {@code from}, wrapping at its end. */
    long read(ScatteringByteChannel channel, int from, int len) throws IOException {
        int firstPart = Math.min(len, first.capacity() - from);
        if (firstPart == len) {
            return channel.read(slice(first, from, len));
        }
        slice(first, from, firstPart);
        slice(second, 0, len - firstPart);
        return channel.read(pair, 0, 2);
    }

    /** Writes {@code len} bytes of the store from {@code from}, wrapping at its end, to {@code channel}. */
    long write(GatheringByteChannel channel, int from, int len) throws IOException {
        int firstPart = Math.min(len, first.capacity() - from);
        if (firstPart == len) {
            return channel.write(slice(first, from, len));
        }
        slice(first, from, firstPart);
        slice(second, 0, len - firstPart);
        return channel.write(pair, 0, 2);
    }

    private static ByteBuffer slice(ByteBuffer view, int from, int len) {
        view.limit(from + len).position(from);
        return view;
    }
}
