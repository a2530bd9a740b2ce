package io.gev;

import io.gev.buffer.RingBuffer;
import java.nio.ByteBuffer;

/**
 * The memory an event loop's channels share, so that an idle connection holds none: every read lands in the read
 * buffer first, the replies of one read are gathered in the {@link WriteBatch}, the input of closing connections is
 * dropped into the discard buffer, and TLS connections decrypt from and encrypt into the ciphertext buffers.
 *
 * <p>Not thread safe, but in loop: one per event loop.
 */
final class LoopBuffers {

    /**
     * Size of the shared read buffer, the most one read takes from a socket. 256 KiB rather than 64 KiB: a stream
     * (a relay, an upload) then costs a quarter of the reads and writes per byte, and the buffer still stays in a
     * core's L2 cache with the kernel's copy of it (measured in the proxy benchmark's bulk stream: 0.55 against 0.64
     * CPU seconds per GiB relayed). It is one buffer per loop, whatever the number of connections.
     */
    static final int READ_BUFFER_SIZE = 256 * 1024;

    /** Direct, so that the socket reads into it without the JDK's intermediate copy. */
    private final RingBuffer read = RingBuffer.direct(READ_BUFFER_SIZE);
    private final WriteBatch batch = new WriteBatch();
    private final ByteBuffer discard = ByteBuffer.allocateDirect(16 * 1024);
    /**
     * Ciphertext in and out of the loop's TLS connections (see {@link TlsTransport}); made on first use. On the heap:
     * the JDK's AES-GCM works on array-backed buffers in place, but copies every record through fresh arrays when a
     * buffer is direct (measured: twice the CPU per 4 KiB record); the socket then copies through the JDK's cached
     * direct buffer, once, without allocating.
     */
    private ByteBuffer tlsInput;
    private ByteBuffer tlsOutput;

    /** Where every read of the loop lands first; empty between reads. In loop. */
    RingBuffer read() {
        return read;
    }

    /** The shared write buffer and the connection it is lent to. In loop. */
    WriteBatch batch() {
        return batch;
    }

    /** Where input of closing connections is read and dropped. In loop. */
    ByteBuffer discard() {
        return discard;
    }

    /** The buffer TLS connections read ciphertext into. In loop. */
    ByteBuffer tlsInput() {
        if (tlsInput == null) {
            tlsInput = ByteBuffer.allocate(TlsTransport.INPUT_BUFFER_SIZE);
        }
        return tlsInput;
    }

    /** The buffer TLS connections encrypt into. In loop. */
    ByteBuffer tlsOutput() {
        if (tlsOutput == null) {
            tlsOutput = ByteBuffer.allocate(TlsTransport.OUTPUT_BUFFER_SIZE);
        }
        return tlsOutput;
    }
}
