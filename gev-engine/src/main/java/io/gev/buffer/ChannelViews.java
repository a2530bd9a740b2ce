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
        return place(from, len) ? channel.read(first) : channel.read(pair, 0, 2);
    }

    /** Writes {@code len} bytes of the store from {@code from}, wrapping at its end, to {@code channel}. */
    long write(GatheringByteChannel channel, int from, int len) throws IOException {
        return place(from, len) ? channel.write(first) : channel.write(pair, 0, 2);
    }

    /** Sets the views on {@code len} bytes from {@code from}; returns whether the first view holds them all. */
    private boolean place(int from, int len) {
        int firstPart = Math.min(len, first.capacity() - from);
        slice(first, from, firstPart);
        if (firstPart == len) {
            return true;
        }
        slice(second, 0, len - firstPart);
        return false;
    }

    private static ByteBuffer slice(ByteBuffer view, int from, int len) {
        view.limit(from + len).position(from);
        return view;
    }
}
