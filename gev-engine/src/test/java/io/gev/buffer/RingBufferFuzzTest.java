package io.gev.buffer;

import static io.gev.buffer.RingBufferTest.pow2AtLeast;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.buffer.RingBufferTest.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Operation sequences chosen by the fuzzer, each checked against {@link RingBufferTest}'s reference model: content,
 * length, virtual length and the expected capacity after every operation, out-of-range operations throwing
 * {@link BufferUnderflowException} and changing nothing, and channel I/O through in-memory channels that take or give
 * only part of what is offered. The seeded random walk of {@link RingBufferTest} covers the same ground with real
 * pipes; this one lets coverage steer.
 */
class RingBufferFuzzTest {

    /** Bytes a walk may hold, so that the fuzzer cannot make it spend its time copying megabytes. */
    private static final int MAX_HELD = 1 << 18;
    private static final int MAX_OPS = 3000;

    @FuzzTest(maxDuration = "20s")
    void operationsMatchTheReferenceModel(FuzzedDataProvider data) throws IOException {
        new Walk(data).run();
    }

    private static final class Walk {
        final FuzzedDataProvider data;
        final RingBuffer rb;
        final Model m = new Model();
        final RingBuffer other = new RingBuffer();
        final Model om = new Model();
        int op;
        String opName = "start";

        Walk(FuzzedDataProvider data) {
            this.data = data;
            boolean direct = data.consumeBoolean();
            int initial = data.consumeBoolean() ? data.consumeInt(0, 5000) : 0;
            rb = direct ? RingBuffer.direct(initial) : new RingBuffer(initial);
            m.capacity = initial == 0 ? 0 : pow2AtLeast(Math.max(64, initial));
            check();
        }

        void run() throws IOException {
            for (op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
                step(data.consumeInt(0, 25));
                check();
            }
            opName = "end";
            assertContent();
            rb.virtualRevert();
            m.virtualOffset = 0;
            byte[] rest = new byte[rb.length()];
            expect(rb.read(rest, 0, rest.length) == rest.length, "read everything");
            expect(Arrays.equals(rest, m.consume(rest.length)), "everything read matches");
            rb.trim();
            expect(rb.capacity() == 0 && rb.isEmpty(), "an emptied buffer drops its store on trim");
        }

        void step(int kind) throws IOException {
            int len = m.length();
            switch (kind) {
                case 0 -> {
                    opName = "write(byte[])";
                    byte[] b = data.consumeBytes(data.consumeInt(0, 300));
                    rb.write(b);
                    m.append(b, 0, b.length);
                }
                case 1 -> {
                    opName = "write(byte[],off,len)";
                    int pad = data.consumeInt(0, 7);
                    byte[] b = data.consumeBytes(data.consumeInt(0, 300));
                    int n = b.length < pad ? 0 : b.length - pad;
                    int off = Math.min(pad, b.length);
                    n = Math.max(0, n - data.consumeInt(0, 7));
                    rb.write(b, off, n);
                    m.append(b, off, n);
                }
                case 2 -> {
                    opName = "write(ByteBuffer)";
                    byte[] b = data.consumeBytes(data.consumeInt(0, 300));
                    int pad = Math.min(data.consumeInt(0, 7), b.length);
                    ByteBuffer src;
                    switch (data.consumeInt(0, 2)) {
                        case 0 -> src = ByteBuffer.wrap(b);
                        case 1 -> src = ByteBuffer.wrap(b).asReadOnlyBuffer();
                        default -> {
                            src = ByteBuffer.allocateDirect(b.length);
                            src.put(b).clear();
                        }
                    }
                    src.position(pad);
                    rb.write(src);
                    expect(!src.hasRemaining(), "write(ByteBuffer) takes all remaining bytes");
                    m.append(b, pad, b.length - pad);
                }
                case 3 -> {
                    opName = "writeByte";
                    byte v = data.consumeByte();
                    rb.writeByte(v);
                    m.appendBytewise(new byte[] {v});
                }
                case 4 -> {
                    opName = "writeShort";
                    short v = data.consumeShort();
                    rb.writeShort(v);
                    m.appendBytewise(ByteBuffer.allocate(2).putShort(v).array());
                }
                case 5 -> {
                    opName = "writeInt";
                    int v = data.consumeInt();
                    rb.writeInt(v);
                    m.appendBytewise(ByteBuffer.allocate(4).putInt(v).array());
                }
                case 6 -> {
                    opName = "writeLong";
                    long v = data.consumeLong();
                    rb.writeLong(v);
                    m.appendBytewise(ByteBuffer.allocate(8).putLong(v).array());
                }
                case 7 -> {
                    opName = "writeUtf8";
                    String s = data.consumeString(data.consumeInt(0, 40));
                    rb.writeUtf8(s);
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    m.append(b, 0, b.length);
                }
                case 8 -> {
                    opName = "write(RingBuffer)";
                    fiddleOther();
                    byte[] moved = om.consume(om.length());
                    om.virtualOffset = 0;
                    rb.write(other);
                    m.append(moved, 0, moved.length);
                    expect(other.isEmpty() && other.virtualLength() == 0, "the source ends empty");
                    expect(other.capacity() == om.capacity, "the source keeps its store");
                }
                case 9 -> {
                    opName = "other.write(rb)";
                    fiddleOther();
                    byte[] moved = m.consume(len);
                    m.virtualOffset = 0;
                    other.write(rb);
                    om.append(moved, 0, moved.length);
                    expect(rb.isEmpty() && rb.capacity() == m.capacity, "the source ends empty, keeping its store");
                    expect(Arrays.equals(other.bytes(), om.content()), "the destination got every byte");
                }
                case 10 -> {
                    opName = "write(big)";
                    int n = data.consumeInt(0, 70_000);
                    if (len + n <= MAX_HELD) {
                        byte[] b = pattern(n, data.consumeByte());
                        rb.write(b);
                        m.append(b, 0, n);
                    }
                }
                case 11 -> {
                    opName = "read";
                    int want = data.consumeInt(0, len + 10);
                    int off = data.consumeInt(0, 4);
                    byte[] dst = new byte[off + want + data.consumeInt(0, 4)];
                    int n = rb.read(dst, off, want);
                    m.virtualOffset = 0;
                    expect(n == Math.min(want, len), "read returns min(len, length)");
                    expect(Arrays.equals(Arrays.copyOfRange(dst, off, off + n), m.consume(n)), "read bytes");
                    expect(isZero(dst, 0, off) && isZero(dst, off + n, dst.length), "read writes only its range");
                }
                case 12 -> {
                    opName = "readBytes";
                    int n = data.consumeInt(-2, len + 2);
                    if (n < 0 || n > len) {
                        expectUnderflow(() -> rb.readBytes(n), true);
                    } else {
                        byte[] got = rb.readBytes(n);
                        m.virtualOffset = 0;
                        expect(Arrays.equals(got, m.consume(n)), "readBytes");
                    }
                }
                case 13 -> {
                    opName = "readByte";
                    if (len == 0) {
                        expectUnderflow(rb::readByte, false);
                    } else {
                        byte b = rb.readByte();
                        m.virtualOffset = 0;
                        expect(b == m.consume(1)[0], "readByte");
                    }
                }
                case 14 -> {
                    opName = "retrieve";
                    int n = data.consumeInt(-2, len + 2);
                    if (n < 0 || n > len) {
                        expectUnderflow(() -> rb.retrieve(n), true);
                    } else {
                        rb.retrieve(n);
                        m.virtualOffset = 0;
                        m.consume(n);
                    }
                }
                case 15 -> {
                    opName = "retrieveAll/clear";
                    if (data.consumeBoolean()) {
                        rb.clear();
                    } else {
                        rb.retrieveAll();
                    }
                    m.virtualOffset = 0;
                    m.consume(len);
                }
                case 16 -> peekNumber(len);
                case 17 -> {
                    opName = "peek";
                    int i = data.consumeInt(-1, len + 1);
                    int n = data.consumeInt(-1, Math.max(0, len - Math.max(i, 0)) + 2);
                    int off = data.consumeInt(0, 3);
                    byte[] dst = new byte[off + Math.max(n, 0)];
                    if (i < 0 || n < 0 || i > len - n) {
                        expectUnderflow(() -> rb.peek(i, dst, off, n), false);
                        expect(isZero(dst, 0, dst.length), "a failed peek copies nothing");
                    } else {
                        rb.peek(i, dst, off, n);
                        expect(Arrays.equals(Arrays.copyOfRange(dst, off, off + n), m.slice(i, n)), "peek");
                    }
                }
                case 18 -> {
                    opName = "indexOf";
                    byte v = data.consumeBoolean() && len > 0 ? m.get(data.consumeInt(0, len - 1)) : data.consumeByte();
                    int from = data.consumeInt(-10, len + 10);
                    int got = rb.indexOf(v, from);
                    expect(got == m.indexOf(v, from), "indexOf " + v + " from " + from + " = " + got);
                }
                case 19 -> {
                    opName = "bytes";
                    assertContent();
                }
                case 20 -> {
                    opName = "virtualRead";
                    int vlen = len - m.virtualOffset;
                    int want = data.consumeInt(0, vlen + 10);
                    int off = data.consumeInt(0, 3);
                    byte[] dst = new byte[off + want];
                    int n = rb.virtualRead(dst, off, want);
                    expect(n == Math.min(want, vlen), "virtualRead returns min(len, virtualLength)");
                    expect(Arrays.equals(Arrays.copyOfRange(dst, off, off + n), m.slice(m.virtualOffset, n)),
                            "virtualRead bytes");
                    m.virtualOffset += n;
                }
                case 21 -> {
                    opName = "virtualFlush";
                    int n = m.virtualOffset;
                    rb.virtualFlush();
                    m.virtualOffset = 0;
                    m.consume(n);
                }
                case 22 -> {
                    opName = "virtualRevert";
                    rb.virtualRevert();
                    m.virtualOffset = 0;
                }
                case 23 -> {
                    opName = "trim";
                    rb.trim();
                    m.trim();
                    assertContent();
                }
                case 24 -> {
                    opName = "writeTo";
                    int max = data.consumeInt(-1, len + 10);
                    Sink sink = new Sink(data.consumeInt(0, len + 10));
                    int n = rb.writeTo(sink, max);
                    m.virtualOffset = 0;
                    expect(n == Math.max(0, Math.min(Math.min(len, max), sink.budgetAtStart)), "writeTo count");
                    expect(Arrays.equals(sink.taken.toByteArray(), m.consume(n)), "writeTo bytes");
                }
                default -> {
                    opName = "readFrom";
                    int max = data.consumeInt(-1, 2000);
                    if (max <= 0) {
                        expectThrows(() -> rb.readFrom(new Source(new byte[0], false), max),
                                IllegalArgumentException.class, false);
                    } else if (len + max <= MAX_HELD) {
                        boolean eof = data.consumeBoolean();
                        byte[] offered = data.consumeBytes(data.consumeInt(0, 2000));
                        int n = rb.readFrom(new Source(offered, eof), max);
                        m.expectWritable(max);
                        int expected = offered.length == 0 && eof ? -1 : Math.min(max, offered.length);
                        expect(n == expected, "readFrom returns " + n + ", expected " + expected);
                        if (n > 0) {
                            m.appendRaw(offered, 0, n);
                        }
                    }
                }
            }
        }

        void peekNumber(int len) {
            int width = 1 << data.consumeInt(0, 3);
            int i = data.consumeInt(-2, len + 2);
            opName = "peek" + width;
            if (i < 0 || i > len - width) {
                switch (width) {
                    case 1 -> expectUnderflow(() -> rb.peekByte(i), false);
                    case 2 -> expectUnderflow(() -> rb.peekShort(i), false);
                    case 4 -> expectUnderflow(() -> rb.peekInt(i), false);
                    default -> expectUnderflow(() -> rb.peekLong(i), false);
                }
                return;
            }
            ByteBuffer expected = ByteBuffer.wrap(m.slice(i, width));
            boolean same = switch (width) {
                case 1 -> rb.peekByte(i) == expected.get();
                case 2 -> rb.peekShort(i) == expected.getShort();
                case 4 -> rb.peekInt(i) == expected.getInt();
                default -> rb.peekLong(i) == expected.getLong();
            };
            expect(same, "peek" + width + " at " + i);
        }

        /** Writes to, consumes from and virtually reads {@code other}, so that it is wrapped and partly read. */
        void fiddleOther() {
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                if (data.consumeBoolean() || other.isEmpty()) {
                    byte[] b = pattern(data.consumeInt(0, 200), data.consumeByte());
                    other.write(b);
                    om.append(b, 0, b.length);
                } else {
                    int n = data.consumeInt(0, other.length());
                    other.retrieve(n);
                    om.virtualOffset = 0;
                    om.consume(n);
                }
            }
            if (other.length() > 0 && data.consumeBoolean()) {
                int n = other.virtualRead(new byte[other.length()], 0, data.consumeInt(0, other.length()));
                om.virtualOffset += n;
            }
        }

        interface Action {
            void run() throws Exception;
        }

        /** An out-of-range operation throws and changes nothing (a consuming one reverts pending virtual reads). */
        void expectUnderflow(Action action, boolean consuming) {
            expectThrows(action, BufferUnderflowException.class, consuming);
        }

        void expectThrows(Action action, Class<? extends Exception> type, boolean consuming) {
            int vlen = rb.virtualLength();
            try {
                action.run();
            } catch (Exception e) {
                if (!type.isInstance(e)) {
                    throw new AssertionError(ctx() + ": threw " + e + ", expected " + type.getSimpleName(), e);
                }
                if (consuming) {
                    m.virtualOffset = 0;
                } else {
                    expect(rb.virtualLength() == vlen, "a failed peek keeps the virtual reads");
                }
                assertContent();
                return;
            }
            throw new AssertionError(ctx() + ": expected " + type.getSimpleName());
        }

        void check() {
            expect(rb.length() == m.length(), "length " + rb.length() + ", model " + m.length());
            expect(rb.isEmpty() == (m.length() == 0), "isEmpty");
            expect(rb.virtualLength() == m.length() - m.virtualOffset,
                    "virtualLength " + rb.virtualLength() + ", model " + (m.length() - m.virtualOffset));
            int cap = rb.capacity();
            expect(cap == m.capacity, "capacity " + cap + ", model " + m.capacity);
            expect(cap == 0 || cap >= 64 && Integer.bitCount(cap) == 1, "capacity " + cap + " not a power of two");
            expect(rb.free() == cap - m.length(), "free");
            if (m.length() <= 4096 || (op & 63) == 0) {
                assertContent();
            }
        }

        void assertContent() {
            byte[] actual = rb.bytes();
            byte[] expected = m.content();
            if (!Arrays.equals(actual, expected)) {
                throw new AssertionError(ctx() + ": content differs at index " + Arrays.mismatch(actual, expected)
                        + " (lengths " + actual.length + " and " + expected.length + ")");
            }
        }

        void expect(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(ctx() + ": " + what);
            }
        }

        String ctx() {
            return "op#" + op + " " + opName + " " + rb;
        }
    }

    /** {@code n} bytes counting up from {@code start}: cheap to make, and still finds misplaced slices. */
    static byte[] pattern(int n, byte start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A channel that takes at most {@code budget} bytes over all its writes, like a socket with a full buffer. */
    static final class Sink implements GatheringByteChannel {
        final int budgetAtStart;
        int budget;
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();

        Sink(int budget) {
            this.budgetAtStart = budget;
            this.budget = budget;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(budget, src.remaining());
            for (int i = 0; i < n; i++) {
                taken.write(src.get());
            }
            budget -= n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A channel that has {@code bytes} to give, then either nothing yet (0) or end of stream (-1). */
    static final class Source implements ScatteringByteChannel {
        final byte[] bytes;
        final boolean eof;
        int pos;

        Source(byte[] bytes, boolean eof) {
            this.bytes = bytes;
            this.eof = eof;
        }

        @Override
        public int read(ByteBuffer dst) {
            return (int) read(new ByteBuffer[] {dst}, 0, 1);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            if (pos == bytes.length) {
                return eof ? -1 : 0;
            }
            int n = 0;
            for (int i = offset; i < offset + length && pos < bytes.length; i++) {
                int k = Math.min(dsts[i].remaining(), bytes.length - pos);
                dsts[i].put(bytes, pos, k);
                pos += k;
                n += k;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts) {
            return read(dsts, 0, dsts.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
