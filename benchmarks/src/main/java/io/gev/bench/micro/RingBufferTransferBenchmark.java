package io.gev.bench.micro;

import io.gev.buffer.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RingBuffer#write(RingBuffer)} between native memory and the heap, as a read's leftover moves from the loop's
 * direct read buffer into a connection's heap buffer: an operation moves {@code size} bytes direct to heap and back,
 * two copies and no allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBufferTransferBenchmark {

    @Param({"64", "4096"})
    public int size;

    private RingBuffer direct;
    private RingBuffer heap;

    @Setup
    public void setUp() {
        direct = BufferKind.DIRECT.create(size);
        heap = BufferKind.HEAP.create(size);
        direct.write(Payloads.ascii(size));
    }

    @Benchmark
    public int directToHeapAndBack() {
        heap.write(direct);
        direct.write(heap);
        return direct.length();
    }
}
