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
 * {@link RingBuffer} operations on {@code size} bytes, on a heap and a direct store: copying in and out, speculative
 * reads, and three ways of looking at every buffered byte without consuming it. Only {@code readBytes} should
 * allocate (the array it returns); the stores are sized in the setup and never grow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBufferBenchmark {

    @Param({"64", "4096"})
    public int size;

    @Param({"HEAP", "DIRECT"})
    public BufferKind kind;

    private byte[] source;
    private byte[] target;
    /** Empty between operations. */
    private RingBuffer buffer;
    /** Always holds {@code size} bytes, the last of them the only {@code '\n'}. */
    private RingBuffer line;

    @Setup
    public void setUp() {
        source = Payloads.ascii(size);
        target = new byte[size];
        buffer = kind.create(size);
        line = kind.create(size);
        line.write(source, 0, size - 1);
        line.writeByte('\n');
    }

    /** Appends an array and reads it back out. */
    @Benchmark
    public int writeRead() {
        buffer.write(source);
        return buffer.read(target, 0, size);
    }

    /** Appends an array and takes it back out as a new one. */
    @Benchmark
    public byte[] writeReadBytes() {
        buffer.write(source);
        return buffer.readBytes(size);
    }

    /** Appends an array, reads it speculatively in two halves and commits the reads. */
    @Benchmark
    public int writeVirtualReadFlush() {
        buffer.write(source);
        int half = size / 2;
        int n = buffer.virtualRead(target, 0, half) + buffer.virtualRead(target, half, size - half);
        buffer.virtualFlush();
        return n;
    }

    /** Reads every buffered byte speculatively, then puts them back: a decoder finding its frame incomplete. */
    @Benchmark
    public int virtualReadRevert() {
        int n = line.virtualRead(target, 0, size);
        line.virtualRevert();
        return n;
    }

    /** Every buffered byte, one {@code peekByte} at a time. */
    @Benchmark
    public int peekByteScan() {
        int sum = 0;
        for (int i = 0; i < size; i++) {
            sum += line.peekByte(i);
        }
        return sum;
    }

    /** Every buffered byte, four at a time with {@code peekInt}. */
    @Benchmark
    public int peekIntScan() {
        int sum = 0;
        for (int i = 0; i + Integer.BYTES <= size; i += Integer.BYTES) {
            sum += line.peekInt(i);
        }
        return sum;
    }

    /** A search for the line's end: {@code indexOf} over every buffered byte. */
    @Benchmark
    public int indexOf() {
        return line.indexOf((byte) '\n', 0);
    }
}
