package io.gev.bench.micro;

import io.gev.buffer.RingBuffer;

/**
 * Where a benchmark's ring buffer keeps its bytes: on the heap, as a connection's own buffers do, or in native memory,
 * as an event loop's shared read and write buffers do.
 */
public enum BufferKind {

    /** A heap array. */
    HEAP {
        @Override
        RingBuffer create(int capacity) {
            return new RingBuffer(capacity);
        }
    },

    /** Native memory ({@link RingBuffer#direct(int)}). */
    DIRECT {
        @Override
        RingBuffer create(int capacity) {
            return RingBuffer.direct(capacity);
        }
    };

    /** An empty ring buffer of this kind holding at least {@code capacity} bytes. */
    abstract RingBuffer create(int capacity);
}
