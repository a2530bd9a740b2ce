package io.gev.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingBufferTest {

    // =============================================================================================== reference model

    /**
     * The obvious implementation: a byte list with a movable start, plus the expected virtual offset and the expected
     * capacity of the ring buffer (power of two, at least 64, grown only when a write does not fit, shrunk by trim()).
     */
    static final class Model {
        byte[] data = new byte[256];
        int lo;
        int hi;
        int virtualOffset;
        int capacity;

        int length() {
            return hi - lo;
        }

        byte get(int i) {
            return data[lo + i];
        }

        byte[] content() {
            return Arrays.copyOfRange(data, lo, hi);
        }

        byte[] slice(int from, int len) {
            return Arrays.copyOfRange(data, lo + from, lo + from + len);
        }

        void append(byte[] src, int off, int len) {
            expectWritable(len);
            appendRaw(src, off, len);
        }

        void appendRaw(byte[] src, int off, int len) {
            if (hi + len > data.length) {
                int n = length();
                byte[] next = data;
                if (n + len > data.length / 2) {
                    next = new byte[Math.max(data.length * 2, n + len)];
                }
                System.arraycopy(data, lo, next, 0, n);
                data = next;
                lo = 0;
                hi = n;
            }
            System.arraycopy(src, off, data, hi, len);
            hi += len;
        }

        /** A writeByte-based op: the ring buffer ensures room one byte at a time. */
        void appendBytewise(byte[] src) {
            for (byte b : src) {
                append(new byte[] {b}, 0, 1);
            }
        }

        byte[] consume(int n) {
            byte[] out = slice(0, n);
            lo += n;
            if (lo == hi) {
                lo = 0;
                hi = 0;
            }
            return out;
        }

        void expectWritable(int extra) {
            if (extra > capacity - length()) {
                capacity = pow2AtLeast(Math.max(64, length() + extra));
            }
        }

        void trim() {
            virtualOffset = 0;
            if (length() == 0) {
                capacity = 0;
            } else if (capacity > 64 && length() <= capacity / 4) {
                capacity = pow2AtLeast(Math.max(64, length()));
            }
        }

        int indexOf(byte value, int from) {
            for (int i = Math.max(from, 0); i < length(); i++) {
                if (get(i) == value) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A FIFO of bytes (what is in flight in the pipe). */
    static final class ByteQueue {
        final Model m = new Model();

        int size() {
            return m.length();
        }

        void add(byte[] b, int off, int len) {
            m.appendRaw(b, off, len);
        }

        byte[] take(int n) {
            return m.consume(n);
        }
    }

    static int pow2AtLeast(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    // ---------------------------------------------------------------- the random walk

    private static final int OPS = 200_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 0xC0FFEEL})
    void randomOperationsMatchReferenceModel(long seed) throws IOException {
        new Walk(seed, false).run();
    }

    /** The same walk on a buffer in native memory, moving bytes to and from a heap buffer. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 99L})
    void randomOperationsOnADirectBufferMatchReferenceModel(long seed) throws IOException {
        Walk walk = new Walk(seed, true);
        assertThat(walk.rb.isDirect()).isTrue();
        assertThat(walk.other.isDirect()).isFalse();
        walk.run();
    }

    /**
     * One random sequence of operations on {@code rb}, each checked against {@link Model}. Its choices come from a
     * {@link Random}: a seeded one here, one fed by the fuzzer in {@link RingBufferFuzzTest}.
     */
    static final class Walk {
        final String source;
        final Random rnd;
        final RingBuffer rb;
        final Model m = new Model();
        /** A second buffer for write(RingBuffer) in both directions. */
        final RingBuffer other = new RingBuffer();
        final Model om = new Model();
        final ByteQueue inPipe = new ByteQueue();
        Pipe pipe;
        int op;
        String opName = "";
        /** Fill phase: writes outweigh reads so the length climbs to {@link #ceiling}; drain phase: the opposite. */
        boolean filling = true;
        int ceiling = 1000;
        int maxCapacitySeen;
        int wraps;
        int shrinks;
        int releases;
        int underflows;

        Walk(long seed, boolean direct) {
            this(new Random(seed), "seed=" + seed, direct);
        }

        Walk(Random rnd, String source, boolean direct) {
            this.source = source;
            this.rnd = rnd;
            this.rb = direct ? RingBuffer.direct(0) : new RingBuffer();
        }

        /** Walks {@link #OPS} steps and checks that the walk reached every situation it is meant to. */
        void run() throws IOException {
            walk(OPS);
            // the walk really exercised what it is meant to exercise
            assertThat(maxCapacitySeen).as("grew past several powers of two").isGreaterThanOrEqualTo(32 * 1024);
            assertThat(wraps).as("ops on wrapped data").isGreaterThan(1000);
            assertThat(shrinks).as("trims that shrank a non-empty buffer").isGreaterThan(5);
            assertThat(releases).as("trims that dropped the array").isGreaterThan(5);
            assertThat(underflows).as("rejected out-of-range ops").isGreaterThan(1000);
        }

        /** Walks {@code ops} steps, checking the buffer against the model after each, then empties it. */
        void walk(int ops) throws IOException {
            pipe = Pipe.open();
            pipe.sink().configureBlocking(false);
            pipe.source().configureBlocking(false);
            try {
                for (op = 0; op < ops; op++) {
                    steer();
                    step();
                    check();
                }
                finish();
            } finally {
                pipe.sink().close();
                pipe.source().close();
            }
        }

        void steer() {
            int len = rb.length();
            if (filling && len >= ceiling) {
                filling = false;
            } else if (!filling && len <= ceiling / 50) {
                filling = true;
                // alternate small and large bursts so capacities both grow and shrink again
                ceiling = rnd.nextInt(4) == 0 ? 20_000 + rnd.nextInt(50_000) : 50 + rnd.nextInt(3000);
            }
        }

        String ctx() {
            return source + " op#" + op + " " + opName + " " + rb;
        }

        void step() throws IOException {
            int len = rb.length();
            int c = rnd.nextInt(100);
            if (c < 30) {
                // writes (more when filling)
                if (filling || rnd.nextInt(3) == 0) {
                    doWrite();
                } else {
                    doConsume();
                }
            } else if (c < 60) {
                if (!filling || rnd.nextInt(3) == 0) {
                    doConsume();
                } else {
                    doWrite();
                }
            } else if (c < 75) {
                doPeek();
            } else if (c < 83) {
                doVirtual();
            } else if (c < 88) {
                doOther();
            } else if (c < 96) {
                doChannel();
            } else if (c < 98) {
                doTrim();
            } else {
                doInvalid();
            }
            if (len > 0 && rb.capacity() > 0 && isWrapped()) {
                wraps++;
            }
        }

        /** Whether the readable bytes currently run over the end of the array (tracked by a shadow head index). */
        boolean isWrapped() {
            return wrappedNow;
        }

        // Shadow of the ring's head index, used only to count how often data is wrapped (not for correctness checks).
        int shadowHead;
        boolean wrappedNow;

        void shadowConsume(int n) {
            int cap = m.capacity;
            if (m.length() == 0) {
                shadowHead = 0;
            } else if (cap > 0) {
                shadowHead = (shadowHead + n) & (cap - 1);
            }
            updateWrapped();
        }

        void shadowResized(int oldCapacity) {
            if (oldCapacity != m.capacity) {
                shadowHead = 0;
            }
            updateWrapped();
        }

        void updateWrapped() {
            wrappedNow = m.capacity > 0 && shadowHead + m.length() > m.capacity;
        }

        // ---------------------------------------------------------------- writes

        byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            if (rnd.nextInt(4) == 0 && n > 0) {
                // sprinkle a marker value so indexOf has something to find
                b[rnd.nextInt(n)] = (byte) 0x7E;
            }
            return b;
        }

        int writeSize() {
            int r = rnd.nextInt(100);
            if (r < 50) {
                return rnd.nextInt(16);
            } else if (r < 85) {
                return rnd.nextInt(300);
            } else if (r < 98) {
                return rnd.nextInt(3000);
            }
            return rnd.nextInt(20_000);
        }

        void doWrite() {
            int oldCap = m.capacity;
            switch (rnd.nextInt(9)) {
                case 0 -> {
                    opName = "write(byte[])";
                    byte[] b = randomBytes(writeSize());
                    rb.write(b);
                    m.append(b, 0, b.length);
                }
                case 1 -> {
                    opName = "write(byte[],off,len)";
                    int n = writeSize();
                    int pad1 = rnd.nextInt(8);
                    int pad2 = rnd.nextInt(8);
                    byte[] b = randomBytes(pad1 + n + pad2);
                    rb.write(b, pad1, n);
                    m.append(b, pad1, n);
                }
                case 2 -> {
                    opName = "write(ByteBuffer)";
                    int n = writeSize();
                    int pad = rnd.nextInt(8);
                    byte[] b = randomBytes(pad + n + rnd.nextInt(8));
                    ByteBuffer src;
                    if (rnd.nextBoolean()) {
                        src = ByteBuffer.allocateDirect(b.length);
                        src.put(b).clear();
                    } else {
                        src = ByteBuffer.wrap(b);
                        if (rnd.nextBoolean()) {
                            src = src.asReadOnlyBuffer();
                        }
                    }
                    src.position(pad).limit(pad + n);
                    rb.write(src);
                    assertThat(src.hasRemaining()).as(ctx()).isFalse();
                    m.append(b, pad, n);
                }
                case 3 -> {
                    opName = "writeByte";
                    int v = rnd.nextInt();
                    rb.writeByte(v);
                    m.appendBytewise(new byte[] {(byte) v});
                }
                case 4 -> {
                    opName = "writeShort";
                    int v = rnd.nextInt();
                    rb.writeShort(v);
                    m.appendBytewise(ByteBuffer.allocate(2).putShort((short) v).array());
                }
                case 5 -> {
                    opName = "writeInt";
                    int v = rnd.nextInt();
                    rb.writeInt(v);
                    m.appendBytewise(ByteBuffer.allocate(4).putInt(v).array());
                }
                case 6 -> {
                    opName = "writeLong";
                    long v = rnd.nextLong();
                    rb.writeLong(v);
                    m.appendBytewise(ByteBuffer.allocate(8).putLong(v).array());
                }
                case 7 -> {
                    opName = "writeUtf8";
                    String s = randomString(rnd.nextInt(40));
                    rb.writeUtf8(s);
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    m.append(b, 0, b.length);
                }
                default -> {
                    opName = "write(RingBuffer)";
                    // refill / wrap the other buffer a bit, then move it all into rb
                    fiddleOther();
                    int n = other.length();
                    byte[] moved = om.consume(n);
                    om.virtualOffset = 0;
                    rb.write(other);
                    m.append(moved, 0, moved.length);
                    assertThat(other.length()).as(ctx()).isZero();
                    assertThat(other.isEmpty()).as(ctx()).isTrue();
                    assertThat(other.virtualLength()).as(ctx()).isZero();
                    assertThat(other.capacity()).as(ctx() + " source keeps its array").isEqualTo(om.capacity);
                }
            }
            shadowResized(oldCap);
        }

        String randomString(int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> sb.append((char) ('a' + rnd.nextInt(26)));
                    case 1 -> sb.append((char) (0x80 + rnd.nextInt(0x780))); // two-byte
                    case 2 -> sb.append((char) (0x800 + rnd.nextInt(0xD000 - 0x800))); // three-byte
                    case 3 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000)); // four-byte (surrogate pair)
                    default -> sb.append('~');
                }
            }
            return sb.toString();
        }

        /** Random writes and consumes on {@code other} so that it is often wrapped and sometimes has virtual reads. */
        void fiddleOther() {
            for (int i = rnd.nextInt(4); i > 0; i--) {
                if (rnd.nextBoolean() || other.isEmpty()) {
                    byte[] b = randomBytes(rnd.nextInt(200));
                    other.write(b);
                    om.append(b, 0, b.length);
                } else {
                    int n = rnd.nextInt(other.length() + 1);
                    other.retrieve(n);
                    om.virtualOffset = 0;
                    om.consume(n);
                }
            }
            if (other.length() > 0 && rnd.nextBoolean()) {
                byte[] dst = new byte[rnd.nextInt(other.length() + 1)];
                int n = other.virtualRead(dst, 0, dst.length);
                om.virtualOffset += n;
            }
            assertThat(other.bytes()).as(ctx() + " other").isEqualTo(om.content());
        }

        // ---------------------------------------------------------------- consumes

        int consumeSize() {
            int len = m.length();
            int r = rnd.nextInt(10);
            if (r < 5) {
                return rnd.nextInt(Math.min(len, 64) + 1);
            } else if (r < 9) {
                return rnd.nextInt(Math.min(len, 2000) + 1);
            }
            return rnd.nextInt(len + 1);
        }

        void doConsume() {
            int len = m.length();
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    opName = "read(dst,off,len)";
                    int want = rnd.nextInt(10) == 0 ? len + rnd.nextInt(50) : consumeSize();
                    int off = rnd.nextInt(5);
                    byte[] dst = new byte[off + want + rnd.nextInt(5)];
                    byte[] before = dst.clone();
                    int n = rb.read(dst, off, want);
                    assertThat(n).as(ctx()).isEqualTo(Math.min(want, len));
                    m.virtualOffset = 0;
                    byte[] expected = m.consume(n);
                    assertThat(Arrays.copyOfRange(dst, off, off + n)).as(ctx()).isEqualTo(expected);
                    // nothing outside [off, off + n) is touched
                    assertThat(Arrays.copyOfRange(dst, 0, off)).isEqualTo(Arrays.copyOfRange(before, 0, off));
                    assertThat(Arrays.copyOfRange(dst, off + n, dst.length))
                            .isEqualTo(Arrays.copyOfRange(before, off + n, dst.length));
                    shadowConsume(n);
                }
                case 1 -> {
                    opName = "readBytes";
                    int n = consumeSize();
                    byte[] got = rb.readBytes(n);
                    m.virtualOffset = 0;
                    assertThat(got).as(ctx()).isEqualTo(m.consume(n));
                    shadowConsume(n);
                }
                case 2 -> {
                    opName = "readByte";
                    if (len == 0) {
                        expectUnderflow(rb::readByte, false);
                    } else {
                        byte b = rb.readByte();
                        m.virtualOffset = 0;
                        assertThat(b).as(ctx()).isEqualTo(m.consume(1)[0]);
                        shadowConsume(1);
                    }
                }
                case 3, 4 -> {
                    opName = "retrieve";
                    int n = consumeSize();
                    rb.retrieve(n);
                    m.virtualOffset = 0;
                    m.consume(n);
                    shadowConsume(n);
                }
                default -> {
                    if (rnd.nextInt(8) == 0) {
                        opName = rnd.nextBoolean() ? "retrieveAll" : "clear";
                        if (opName.equals("clear")) {
                            rb.clear();
                        } else {
                            rb.retrieveAll();
                        }
                        m.virtualOffset = 0;
                        m.consume(len);
                        assertThat(rb.capacity()).as(ctx() + " keeps its array").isEqualTo(m.capacity);
                        shadowConsume(len);
                    } else {
                        opName = "retrieve(small)";
                        int n = rnd.nextInt(Math.min(len, 8) + 1);
                        rb.retrieve(n);
                        m.virtualOffset = 0;
                        m.consume(n);
                        shadowConsume(n);
                    }
                }
            }
        }

        // ---------------------------------------------------------------- peeks (consume nothing)

        void doPeek() {
            int len = m.length();
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    opName = "peekByte";
                    if (len >= 1) {
                        int i = rnd.nextInt(len);
                        assertThat(rb.peekByte(i)).as(ctx() + " at " + i).isEqualTo(m.get(i));
                    }
                }
                case 1 -> peekNumber("peekShort", Short.BYTES);
                case 2 -> peekNumber("peekInt", Integer.BYTES);
                case 3 -> peekNumber("peekLong", Long.BYTES);
                case 4 -> {
                    opName = "peek(index,dst,off,len)";
                    int i = rnd.nextInt(len + 1);
                    int n = rnd.nextInt(Math.min(len - i, 3000) + 1);
                    int off = rnd.nextInt(4);
                    byte[] dst = new byte[off + n + rnd.nextInt(4)];
                    rb.peek(i, dst, off, n);
                    assertThat(Arrays.copyOfRange(dst, off, off + n)).as(ctx()).isEqualTo(m.slice(i, n));
                }
                case 5 -> {
                    opName = "indexOf";
                    byte v = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt() : (byte) 0x7E;
                    int from = rnd.nextInt(len + 20) - 10;
                    assertThat(rb.indexOf(v, from)).as(ctx() + " value " + v + " from " + from)
                            .isEqualTo(m.indexOf(v, from));
                }
                case 6 -> {
                    opName = "bytes()";
                    assertContent();
                }
                default -> {
                    opName = "state";
                    assertThat(rb.isEmpty()).as(ctx()).isEqualTo(len == 0);
                    assertThat(rb.free()).as(ctx()).isEqualTo(m.capacity - len);
                }
            }
        }

        // ---------------------------------------------------------------- virtual reads

        /** Peeks a big-endian number of {@code width} bytes somewhere in the content, as the model reads it. */
        void peekNumber(String name, int width) {
            opName = name;
            int len = rb.length();
            if (len >= width) {
                int i = rnd.nextInt(len - width + 1);
                ByteBuffer expected = ByteBuffer.wrap(m.slice(i, width));
                long[] both = switch (width) {
                    case Short.BYTES -> new long[] {rb.peekShort(i), expected.getShort()};
                    case Integer.BYTES -> new long[] {rb.peekInt(i), expected.getInt()};
                    default -> new long[] {rb.peekLong(i), expected.getLong()};
                };
                assertThat(both[0]).as(ctx() + " at " + i).isEqualTo(both[1]);
            }
        }

        void doVirtual() {
            int r = rnd.nextInt(10);
            if (r < 6) {
                opName = "virtualRead";
                int vlen = m.length() - m.virtualOffset;
                int want = rnd.nextInt(8) == 0 ? vlen + rnd.nextInt(20) : rnd.nextInt(Math.min(vlen, 500) + 1);
                int off = rnd.nextInt(4);
                byte[] dst = new byte[off + want];
                int n = rb.virtualRead(dst, off, want);
                assertThat(n).as(ctx()).isEqualTo(Math.min(want, vlen));
                assertThat(Arrays.copyOfRange(dst, off, off + n)).as(ctx()).isEqualTo(m.slice(m.virtualOffset, n));
                m.virtualOffset += n;
            } else if (r < 8) {
                opName = "virtualFlush";
                int n = m.virtualOffset;
                rb.virtualFlush();
                m.virtualOffset = 0;
                m.consume(n);
                shadowConsume(n);
            } else {
                opName = "virtualRevert";
                rb.virtualRevert();
                m.virtualOffset = 0;
            }
        }

        // ---------------------------------------------------------------- other buffer, in the reverse direction

        void doOther() {
            opName = "other.write(rb)";
            int len = m.length();
            other.write(rb);
            byte[] moved = m.consume(len);
            m.virtualOffset = 0;
            om.append(moved, 0, moved.length);
            assertThat(rb.length()).as(ctx()).isZero();
            assertThat(rb.capacity()).as(ctx() + " source keeps its array").isEqualTo(m.capacity);
            assertThat(other.bytes()).as(ctx()).isEqualTo(om.content());
            shadowConsume(len);
            if (rnd.nextBoolean()) {
                // and straight back, so the walk keeps its data
                int oldCap = m.capacity;
                int n = other.length();
                byte[] back = om.consume(n);
                om.virtualOffset = 0;
                rb.write(other);
                m.append(back, 0, back.length);
                shadowResized(oldCap);
            }
        }

        // ---------------------------------------------------------------- channel I/O through a real OS pipe

        void doChannel() throws IOException {
            int r = rnd.nextInt(10);
            if (r < 4) {
                opName = "writeTo(pipe)";
                int len = m.length();
                int n = rb.writeTo(pipe.sink());
                m.virtualOffset = 0;
                assertThat(n).as(ctx()).isBetween(len == 0 ? 0 : (inPipe.size() == 0 ? 1 : 0), len);
                if (inPipe.size() + len < 32 * 1024) {
                    // a pipe with room takes everything offered by a non-blocking write (Linux pipes hold 64 KiB)
                    assertThat(n).as(ctx()).isEqualTo(len);
                }
                byte[] out = m.consume(n);
                inPipe.add(out, 0, n);
                shadowConsume(n);
            } else if (r < 8) {
                opName = "readFrom(pipe)";
                int oldCap = m.capacity;
                int max = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(600));
                int n = rb.readFrom(pipe.source(), max);
                m.expectWritable(max);
                // an OS pipe read takes everything that is waiting, up to what was asked for
                assertThat(n).as(ctx()).isEqualTo(Math.min(max, inPipe.size()));
                byte[] in = inPipe.take(n);
                m.appendRaw(in, 0, n);
                shadowResized(oldCap);
            } else if (r < 9) {
                opName = "inject into pipe";
                byte[] b = randomBytes(rnd.nextInt(2000));
                int n = pipe.sink().write(ByteBuffer.wrap(b));
                inPipe.add(b, 0, n);
            } else {
                opName = "drain pipe";
                drainPipeDirectly();
            }
        }

        void drainPipeDirectly() throws IOException {
            ByteBuffer bb = ByteBuffer.allocate(inPipe.size() + 16);
            while (bb.position() < inPipe.size()) {
                int n = pipe.source().read(bb);
                assertThat(n).as(ctx()).isPositive();
            }
            assertThat(pipe.source().read(ByteBuffer.allocate(1))).as(ctx() + " pipe holds nothing more").isZero();
            assertThat(Arrays.copyOf(bb.array(), bb.position())).as(ctx()).isEqualTo(inPipe.take(inPipe.size()));
        }

        // ---------------------------------------------------------------- trim

        void doTrim() {
            // trim() reverts pending virtual reads; settle them explicitly so the walk does not depend on that
            if (rnd.nextBoolean()) {
                opName = "virtualFlush+trim";
                int n = m.virtualOffset;
                rb.virtualFlush();
                m.virtualOffset = 0;
                m.consume(n);
                shadowConsume(n);
            } else {
                opName = "virtualRevert+trim";
                rb.virtualRevert();
                m.virtualOffset = 0;
            }
            int oldCap = m.capacity;
            rb.trim();
            m.trim();
            if (m.length() == 0 && oldCap > 0) {
                releases++;
            } else if (m.capacity < oldCap) {
                shrinks++;
            }
            assertThat(rb.capacity()).as(ctx() + " after trim from " + oldCap).isEqualTo(m.capacity);
            shadowResized(oldCap);
            assertContent();
        }

        // ---------------------------------------------------------------- out of range: throws, changes nothing

        void doInvalid() {
            int len = m.length();
            switch (rnd.nextInt(9)) {
                case 0 -> {
                    opName = "peekByte out of range";
                    int i = rnd.nextBoolean() ? len + rnd.nextInt(10) : -1 - rnd.nextInt(10);
                    expectUnderflow(() -> rb.peekByte(i), false);
                }
                case 1 -> {
                    opName = "peekShort out of range";
                    int i = rnd.nextBoolean() ? Math.max(0, len - 1) + rnd.nextInt(10) : -1 - rnd.nextInt(10);
                    expectUnderflow(() -> rb.peekShort(i), false);
                }
                case 2 -> {
                    opName = "peekInt out of range";
                    int i = rnd.nextBoolean() ? Math.max(0, len - 3) + rnd.nextInt(10) : -1 - rnd.nextInt(10);
                    expectUnderflow(() -> rb.peekInt(i), false);
                }
                case 3 -> {
                    opName = "peekLong out of range";
                    int i = rnd.nextBoolean() ? Math.max(0, len - 7) + rnd.nextInt(10) : -1 - rnd.nextInt(10);
                    expectUnderflow(() -> rb.peekLong(i), false);
                }
                case 4 -> {
                    opName = "peek out of range";
                    int i = rnd.nextInt(len + 1);
                    int n = len - i + 1 + rnd.nextInt(10);
                    byte[] dst = new byte[n];
                    expectUnderflow(() -> rb.peek(i, dst, 0, n), false);
                    assertThat(dst).as(ctx() + " dst untouched").containsOnly((byte) 0);
                }
                case 5 -> {
                    opName = "peek negative index";
                    expectUnderflow(() -> rb.peek(-1, new byte[1], 0, 1), false);
                }
                case 6 -> {
                    opName = "retrieve too many";
                    int n = len + 1 + rnd.nextInt(10);
                    expectUnderflow(() -> rb.retrieve(n), true);
                }
                case 7 -> {
                    opName = "retrieve negative";
                    expectUnderflow(() -> rb.retrieve(-1 - rnd.nextInt(5)), true);
                }
                default -> {
                    opName = "readBytes too many";
                    int n = len + 1 + rnd.nextInt(10);
                    expectUnderflow(() -> rb.readBytes(n), true);
                }
            }
        }

        /**
         * Asserts {@code action} throws BufferUnderflowException and leaves length, content and capacity unchanged. A
         * consuming op is documented to "first revert pending virtual reads", so for those the virtual offset is expected
         * to be reverted; a peek leaves it alone.
         */
        void expectUnderflow(Runnable action, boolean consuming) {
            underflows++;
            int vlen = rb.virtualLength();
            assertThatThrownBy(action::run).as(ctx()).isInstanceOf(BufferUnderflowException.class);
            if (consuming) {
                m.virtualOffset = 0;
            } else {
                assertThat(rb.virtualLength()).as(ctx()).isEqualTo(vlen);
            }
            assertThat(rb.capacity()).as(ctx()).isEqualTo(m.capacity);
            assertContent();
        }

        // ---------------------------------------------------------------- invariants

        void check() {
            int len = rb.length();
            if (len != m.length()) {
                fail(ctx() + ": length " + len + " but model has " + m.length());
            }
            if (rb.virtualLength() != m.length() - m.virtualOffset) {
                fail(ctx() + ": virtualLength " + rb.virtualLength() + " but model has "
                        + (m.length() - m.virtualOffset));
            }
            int cap = rb.capacity();
            if (cap != m.capacity) {
                fail(ctx() + ": capacity " + cap + " but expected " + m.capacity);
            }
            if (cap != 0 && (cap < 64 || Integer.bitCount(cap) != 1)) {
                fail(ctx() + ": capacity " + cap + " is not a power of two >= 64");
            }
            maxCapacitySeen = Math.max(maxCapacitySeen, cap);
            if ((op & 63) == 0) {
                assertContent();
            }
        }

        void assertContent() {
            byte[] actual = rb.bytes();
            byte[] expected = m.content();
            if (!Arrays.equals(actual, expected)) {
                int i = Arrays.mismatch(actual, expected);
                fail(ctx() + ": content differs at index " + i + " (lengths " + actual.length + " vs "
                        + expected.length + ")");
            }
        }

        void finish() throws IOException {
            opName = "finish";
            // push everything through the pipe and read it back out directly
            rb.virtualRevert();
            m.virtualOffset = 0;
            while (rb.length() > 0) {
                int n = rb.writeTo(pipe.sink());
                inPipe.add(m.consume(n), 0, n);
                drainPipeDirectly();
            }
            drainPipeDirectly();
            check();
            rb.trim();
            assertThat(rb.capacity()).as(ctx() + " empty buffer after trim").isZero();
            assertThat(rb.bytes()).isEmpty();
        }
    }

    // =============================================================================================== focused tests

    static byte[] seq(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * A 64-byte buffer holding {@code keep} (1..64 bytes) with its first readable byte at array index {@code head}, so
     * the content wraps around the end of the array when {@code head + keep.length > 64}: it writes {@code head} filler
     * bytes and the part of {@code keep} that fits, consumes the filler, then writes the rest of {@code keep}.
     */
    static RingBuffer positioned(int head, byte[] keep) {
        assertThat(keep.length).isBetween(1, 64);
        RingBuffer rb = new RingBuffer(64);
        byte[] filler = new byte[head];
        Arrays.fill(filler, (byte) 0xEE);
        rb.write(filler);
        int firstPart = Math.min(keep.length, 64 - head);
        rb.write(keep, 0, firstPart);
        rb.retrieve(head);
        rb.write(keep, firstPart, keep.length - firstPart);
        assertThat(rb.capacity()).isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(keep);
        return rb;
    }

    @Test
    void indexOfFindsTheFirstMatchAtEveryPositionAndWrapAmongLookAlikeBytes() {
        for (byte value : new byte[] { 0, 1, '\n', (byte) 0x7F, (byte) 0x80, (byte) 0xFF }) {
            for (int headAt = 0; headAt < 64; headAt++) {
                for (int at = 0; at < 40; at++) {
                    RingBuffer rb = new RingBuffer(64);
                    rb.write(new byte[headAt]);
                    rb.retrieve(headAt);
                    byte[] content = new byte[40];
                    Arrays.fill(content, (byte) (value ^ 1)); // the bytes a word-at-a-time search could confuse
                    content[at] = value;
                    if (at + 1 < content.length) {
                        content[at + 1] = value;
                    }
                    rb.write(content);
                    assertThat(rb.indexOf(value, 0)).as("value %d, head %d, at %d", value, headAt, at).isEqualTo(at);
                    assertThat(rb.indexOf(value, at + 2)).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void newBufferHasNoArrayUntilFirstWrite() {
        RingBuffer rb = new RingBuffer();
        assertThat(rb.capacity()).isZero();
        assertThat(rb.length()).isZero();
        assertThat(rb.isEmpty()).isTrue();
        assertThat(rb.free()).isZero();
        assertThat(rb.bytes()).isEmpty();
        assertThat(rb.read(new byte[4], 0, 4)).isZero();
        assertThat(rb.virtualRead(new byte[4], 0, 4)).isZero();
        assertThat(rb.virtualLength()).isZero();
        assertThat(rb.indexOf((byte) 0, 0)).isEqualTo(-1);
        rb.virtualFlush();
        rb.retrieve(0);
        rb.write(new byte[0]);
        rb.write(ByteBuffer.allocate(0));
        rb.write(new RingBuffer());
        rb.writeUtf8("");
        assertThat(rb.capacity()).as("empty writes allocate nothing").isZero();
        assertThatThrownBy(rb::readByte).isInstanceOf(BufferUnderflowException.class);
        assertThatThrownBy(() -> rb.peekByte(0)).isInstanceOf(BufferUnderflowException.class);
        rb.trim();
        assertThat(rb.capacity()).isZero();

        rb.writeByte(0xAB);
        assertThat(rb.capacity()).as("allocates the minimum on first write").isEqualTo(64);
        assertThat(rb.length()).isEqualTo(1);
        assertThat(rb.free()).isEqualTo(63);
        assertThat(rb.readByte()).isEqualTo((byte) 0xAB);
        assertThat(rb.capacity()).as("consuming keeps the array").isEqualTo(64);
        rb.trim();
        assertThat(rb.capacity()).as("trim drops the array of an empty buffer").isZero();
        rb.write(seq(10, 0));
        assertThat(rb.capacity()).isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(seq(10, 0));
    }

    @Test
    void initialCapacityConstructor() {
        assertThat(new RingBuffer(0).capacity()).isZero();
        assertThat(new RingBuffer(1).capacity()).isEqualTo(64);
        assertThat(new RingBuffer(64).capacity()).isEqualTo(64);
        assertThat(new RingBuffer(65).capacity()).isEqualTo(128);
        assertThat(new RingBuffer(100).capacity()).isEqualTo(128);
        assertThat(new RingBuffer(4096).capacity()).isEqualTo(4096);
        assertThat(new RingBuffer(4097).capacity()).isEqualTo(8192);
        assertThat(new RingBuffer(100).length()).isZero();
        assertThatThrownBy(() -> new RingBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsToNextPowerOfTwoAndKeepsWrappedContent() {
        RingBuffer rb = positioned(50, seq(10, 1)); // head 50, 10 bytes
        rb.write(seq(30, 11)); // wraps: 4 bytes at the end, 26 at the start
        assertThat(rb.capacity()).isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(seq(40, 1));
        rb.write(seq(25, 41)); // 65 bytes: must grow
        assertThat(rb.capacity()).isEqualTo(128);
        assertThat(rb.bytes()).isEqualTo(seq(65, 1));
        rb.write(new byte[1000]); // 1065
        assertThat(rb.capacity()).isEqualTo(2048);
        rb.write(new byte[2048 - 1065]); // exactly full: no growth
        assertThat(rb.capacity()).isEqualTo(2048);
        assertThat(rb.free()).isZero();
        rb.writeByte(1);
        assertThat(rb.capacity()).isEqualTo(4096);
        assertThat(rb.readBytes(65)).isEqualTo(seq(65, 1));
        assertThat(rb.length()).isEqualTo(2048 - 65 + 1);
    }

    @Test
    void trimShrinksMostlyEmptyBufferAndDropsEmptyOne() {
        RingBuffer rb = new RingBuffer();
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        rb.write(data);
        assertThat(rb.capacity()).isEqualTo(16384);
        rb.retrieve(5000);
        rb.trim();
        assertThat(rb.capacity()).as("5000 > 16384/4: kept").isEqualTo(16384);
        rb.retrieve(4900); // 100 left, head deep inside the array
        rb.trim();
        assertThat(rb.capacity()).as("mostly empty: shrinks to fit").isEqualTo(128);
        assertThat(rb.bytes()).isEqualTo(Arrays.copyOfRange(data, 9900, 10_000));
        rb.retrieve(90);
        rb.trim();
        assertThat(rb.capacity()).as("never below the minimum").isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(Arrays.copyOfRange(data, 9990, 10_000));
        rb.retrieve(10);
        rb.trim();
        assertThat(rb.capacity()).isZero();
        assertThat(rb.length()).isZero();

        // shrinking a wrapped buffer keeps the bytes in order
        RingBuffer w = new RingBuffer(1024);
        w.write(new byte[1000]);
        w.retrieve(990);
        w.write(seq(40, 100)); // wraps past 1024
        w.retrieve(10);
        assertThat(w.length()).isEqualTo(40);
        w.trim();
        assertThat(w.capacity()).isEqualTo(64);
        assertThat(w.bytes()).isEqualTo(seq(40, 100));
    }

    @Test
    void bigEndianNumbers() {
        RingBuffer rb = new RingBuffer();
        rb.writeShort(0x1234);
        rb.writeInt(0xCAFEBABE);
        rb.writeLong(0x0102030405060708L);
        rb.writeShort(-2);
        rb.writeInt(Integer.MIN_VALUE);
        rb.writeLong(-1L);
        rb.writeLong(Long.MIN_VALUE);
        rb.writeShort(0xABCD8001); // only the low 16 bits count
        rb.writeByte(0x1FF);
        assertThat(Arrays.copyOf(rb.bytes(), 14)).isEqualTo(new byte[] {
            0x12, 0x34, (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(rb.peekShort(0)).isEqualTo((short) 0x1234);
        assertThat(rb.peekInt(2)).isEqualTo(0xCAFEBABE);
        assertThat(rb.peekLong(6)).isEqualTo(0x0102030405060708L);
        assertThat(rb.peekShort(14)).isEqualTo((short) -2);
        assertThat(rb.peekInt(16)).isEqualTo(Integer.MIN_VALUE);
        assertThat(rb.peekLong(20)).isEqualTo(-1L);
        assertThat(rb.peekLong(28)).isEqualTo(Long.MIN_VALUE);
        assertThat(rb.peekShort(36)).isEqualTo((short) 0x8001);
        assertThat(rb.peekByte(38)).isEqualTo((byte) 0xFF);
        assertThat(rb.length()).isEqualTo(39);
        // unaligned views of the same bytes
        assertThat(rb.peekShort(1)).isEqualTo((short) 0x34CA);
        assertThat(rb.peekInt(1)).isEqualTo(0x34CAFEBA);
        ByteBuffer view = ByteBuffer.wrap(rb.bytes());
        for (int i = 0; i + 8 <= rb.length(); i++) {
            assertThat(rb.peekLong(i)).isEqualTo(view.getLong(i));
            assertThat(rb.peekInt(i)).isEqualTo(view.getInt(i));
            assertThat(rb.peekShort(i)).isEqualTo(view.getShort(i));
        }
    }

    @Test
    void lengthsArePeekedUnsignedAcrossTheWrap() {
        // 0x9C40 is a 2-byte length of 40,000 that a signed short reads as -25,536; 0xFFFFFFFE a 4-byte length past
        // Integer.MAX_VALUE; every head from 56 to 63 wraps them around the end of the array at another byte
        byte[] lengths = {(byte) 0x9C, 0x40, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE};
        for (int head = 56; head < 64; head++) {
            RingBuffer rb = positioned(head, lengths);
            assertThat(rb.peekUnsignedShort(0)).as("head %d", head).isEqualTo(40_000);
            assertThat(rb.peekShort(0)).isEqualTo((short) -25_536);
            assertThat(rb.peekUnsignedInt(2)).isEqualTo(4_294_967_294L);
            assertThat(rb.peekInt(2)).isEqualTo(-2);
            assertThat(rb.peekUnsignedShort(4)).isEqualTo(0xFFFE);
        }
    }

    @Test
    void numbersStraddlingTheWrapPoint() {
        Random rnd = new Random(3);
        for (int head = 1; head < 64; head++) {
            // one byte stays readable at `head`, so the numbers that follow cross the end of the 64-byte array
            RingBuffer rb = positioned(head, new byte[] {0x55});
            long l = rnd.nextLong() | Long.MIN_VALUE; // negative
            int i = rnd.nextInt() | Integer.MIN_VALUE;
            short s = (short) (rnd.nextInt() | 0x8000);
            rb.writeLong(l);
            rb.writeInt(i);
            rb.writeShort(s);
            rb.writeLong(~l); // positive
            assertThat(rb.capacity()).as("no growth: the data really wraps").isEqualTo(64);
            assertThat(rb.length()).isEqualTo(23);
            assertThat(rb.peekLong(1)).as("head %d", head).isEqualTo(l);
            assertThat(rb.peekInt(9)).as("head %d", head).isEqualTo(i);
            assertThat(rb.peekShort(13)).as("head %d", head).isEqualTo(s);
            assertThat(rb.peekLong(15)).as("head %d", head).isEqualTo(~l);
            ByteBuffer expected = ByteBuffer.allocate(23).put((byte) 0x55).putLong(l).putInt(i).putShort(s)
                    .putLong(~l);
            assertThat(rb.bytes()).isEqualTo(expected.array());
            for (int k = 0; k + 8 <= 23; k++) {
                assertThat(rb.peekLong(k)).isEqualTo(expected.getLong(k));
                assertThat(rb.peekInt(k)).isEqualTo(expected.getInt(k));
                assertThat(rb.peekShort(k)).isEqualTo(expected.getShort(k));
            }
            assertThat(rb.readByte()).isEqualTo((byte) 0x55);
            assertThat(rb.readBytes(8)).isEqualTo(Arrays.copyOfRange(expected.array(), 1, 9));
            assertThat(rb.peekInt(0)).isEqualTo(i);
        }
    }

    @Test
    void outOfRangePeeksAndRetrievesThrowAndChangeNothing() {
        RingBuffer rb = positioned(60, seq(10, 1)); // wrapped, 10 bytes
        byte[] before = rb.bytes();
        Runnable[] bad = {
            () -> rb.peekByte(10), () -> rb.peekByte(-1), () -> rb.peekShort(9), () -> rb.peekShort(-1),
            () -> rb.peekInt(7), () -> rb.peekLong(3), () -> rb.peekLong(-8), () -> rb.peek(5, new byte[6], 0, 6),
            () -> rb.peek(-1, new byte[1], 0, 1), () -> rb.peek(11, new byte[0], 0, 0), () -> rb.retrieve(11),
            () -> rb.retrieve(-1), () -> rb.readBytes(11), () -> rb.readBytes(-1)
        };
        for (Runnable r : bad) {
            assertThatThrownBy(r::run).isInstanceOf(BufferUnderflowException.class);
            assertThat(rb.length()).isEqualTo(10);
            assertThat(rb.capacity()).isEqualTo(64);
            assertThat(rb.bytes()).isEqualTo(before);
        }
        // the edges themselves are fine
        assertThat(rb.peekByte(9)).isEqualTo((byte) 10);
        assertThat(rb.peekShort(8)).isEqualTo((short) 0x090A);
        assertThat(rb.peekLong(2)).isEqualTo(0x030405060708090AL);
        rb.peek(10, new byte[0], 0, 0);
        RingBuffer empty = new RingBuffer();
        assertThatThrownBy(empty::readByte).isInstanceOf(BufferUnderflowException.class);
        assertThatThrownBy(() -> empty.retrieve(1)).isInstanceOf(BufferUnderflowException.class);
        assertThat(empty.capacity()).isZero();
    }

    @Test
    void peeksLeavePendingVirtualReadsAlone() {
        RingBuffer rb = new RingBuffer();
        rb.write(seq(10, 0));
        rb.virtualRead(new byte[4], 0, 4);
        assertThatThrownBy(() -> rb.peekInt(8)).isInstanceOf(BufferUnderflowException.class);
        assertThat(rb.peekByte(0)).isEqualTo((byte) 0);
        assertThat(rb.bytes()).isEqualTo(seq(10, 0));
        assertThat(rb.indexOf((byte) 2, 0)).isEqualTo(2);
        assertThat(rb.virtualLength()).isEqualTo(6);
    }

    @Test
    void writeRejectsBadArrayRanges() {
        RingBuffer rb = new RingBuffer();
        rb.write(seq(3, 0));
        byte[] src = new byte[10];
        assertThatThrownBy(() -> rb.write(src, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rb.write(src, 2, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rb.write(src, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rb.write(src, 11, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rb.write(src, Integer.MAX_VALUE, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(rb.bytes()).isEqualTo(seq(3, 0));
        rb.write(src, 10, 0);
        rb.write(src, 4, 6);
        assertThat(rb.length()).isEqualTo(9);
    }

    @Test
    void writeByteBufferAdvancesItsPosition() {
        RingBuffer rb = positioned(60, seq(2, 100));
        ByteBuffer heap = ByteBuffer.wrap(seq(20, 0));
        heap.position(3).limit(13);
        rb.write(heap);
        assertThat(heap.position()).isEqualTo(13);
        ByteBuffer direct = ByteBuffer.allocateDirect(8).putLong(0x1122334455667788L).flip();
        rb.write(direct);
        assertThat(direct.hasRemaining()).isFalse();
        rb.write(ByteBuffer.wrap(seq(4, 50)).asReadOnlyBuffer());
        assertThat(rb.capacity()).isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(concat(concat(concat(seq(2, 100), seq(10, 3)),
                ByteBuffer.allocate(8).putLong(0x1122334455667788L).array()), seq(4, 50)));
    }

    @Test
    void writeUtf8AndIndexOf() {
        RingBuffer rb = positioned(58, new byte[] {'x'});
        String s = "héllo €𝄞\r\nend";
        rb.writeUtf8(s);
        rb.writeUtf8(new StringBuilder("!"));
        assertThat(rb.bytes()).isEqualTo(("x" + s + "!").getBytes(StandardCharsets.UTF_8));
        int crlf = rb.indexOf((byte) '\r', 0);
        assertThat(crlf).isEqualTo(("x" + s).getBytes(StandardCharsets.UTF_8).length - 5);
        assertThat(rb.peekByte(crlf + 1)).isEqualTo((byte) '\n');
        assertThat(rb.indexOf((byte) 'x', 0)).isZero();
        assertThat(rb.indexOf((byte) 'x', 1)).isEqualTo(-1);
        assertThat(rb.indexOf((byte) 'x', -5)).isZero();
        assertThat(rb.indexOf((byte) '!', rb.length() - 1)).isEqualTo(rb.length() - 1);
        assertThat(rb.indexOf((byte) '!', rb.length())).isEqualTo(-1);
        assertThat(rb.indexOf((byte) '!', Integer.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void readCopiesAtMostWhatIsThere() {
        RingBuffer rb = positioned(62, seq(5, 1)); // wrapped
        byte[] dst = new byte[10];
        Arrays.fill(dst, (byte) -1);
        assertThat(rb.read(dst, 2, 3)).isEqualTo(3);
        assertThat(dst).isEqualTo(new byte[] {-1, -1, 1, 2, 3, -1, -1, -1, -1, -1});
        assertThat(rb.read(dst, 0, 10)).isEqualTo(2);
        assertThat(Arrays.copyOf(dst, 2)).isEqualTo(new byte[] {4, 5});
        assertThat(rb.isEmpty()).isTrue();
        assertThat(rb.read(dst, 0, 10)).isZero();
        // emptied by reads, the whole array is free again
        rb.write(new byte[64]);
        assertThat(rb.capacity()).isEqualTo(64);
    }

    @Test
    void virtualReadsRevertAndFlush() {
        RingBuffer rb = new RingBuffer();
        rb.writeUtf8("hello world");
        byte[] dst = new byte[20];
        assertThat(rb.virtualRead(dst, 0, 5)).isEqualTo(5);
        assertThat(new String(dst, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(rb.virtualLength()).isEqualTo(6);
        assertThat(rb.length()).as("virtual reads consume nothing yet").isEqualTo(11);
        assertThat(rb.virtualRead(dst, 5, 20)).isEqualTo(6);
        assertThat(new String(dst, 0, 11, StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(rb.virtualLength()).isZero();
        assertThat(rb.virtualRead(dst, 0, 20)).isZero();

        rb.virtualRevert();
        assertThat(rb.virtualLength()).isEqualTo(11);
        assertThat(rb.length()).isEqualTo(11);
        assertThat(rb.virtualRead(dst, 0, 6)).isEqualTo(6);
        assertThat(new String(dst, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("hello ");
        rb.virtualFlush();
        assertThat(rb.length()).isEqualTo(5);
        assertThat(rb.virtualLength()).isEqualTo(5);
        assertThat(new String(rb.bytes(), StandardCharsets.US_ASCII)).isEqualTo("world");
        rb.virtualFlush(); // nothing pending: no-op
        assertThat(rb.length()).isEqualTo(5);

        // writes leave pending virtual reads alone, even when they grow (and so re-lay) the array
        assertThat(rb.virtualRead(dst, 0, 2)).isEqualTo(2);
        rb.write(seq(200, 0));
        assertThat(rb.capacity()).isEqualTo(256);
        assertThat(rb.virtualLength()).isEqualTo(203);
        assertThat(rb.virtualRead(dst, 0, 3)).isEqualTo(3);
        assertThat(new String(dst, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("rld");
        assertThat(rb.virtualRead(dst, 0, 2)).isEqualTo(2);
        assertThat(Arrays.copyOf(dst, 2)).isEqualTo(seq(2, 0));
        rb.virtualFlush();
        assertThat(rb.length()).isEqualTo(198);
        assertThat(rb.bytes()).isEqualTo(seq(198, 2));
    }

    @Test
    void virtualReadAcrossTheWrapPoint() {
        RingBuffer rb = positioned(60, seq(10, 1)); // bytes 1..10 at array indexes 60..63, 0..5
        byte[] dst = new byte[10];
        assertThat(rb.virtualRead(dst, 0, 3)).isEqualTo(3);
        assertThat(rb.virtualRead(dst, 3, 4)).isEqualTo(4); // crosses the end of the array
        assertThat(Arrays.copyOf(dst, 7)).isEqualTo(seq(7, 1));
        rb.virtualFlush();
        assertThat(rb.bytes()).isEqualTo(seq(3, 8));
    }

    interface ConsumingOp {
        void apply(RingBuffer rb) throws IOException;
    }

    @Test
    void consumingOperationsRevertPendingVirtualReads() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            ConsumingOp[] ops = {
                rb -> rb.retrieve(2),
                rb -> assertThat(rb.read(new byte[2], 0, 2)).isEqualTo(2),
                rb -> assertThat(rb.readBytes(2)).isEqualTo(seq(2, 0)),
                rb -> {
                    assertThat(rb.readByte()).isEqualTo((byte) 0);
                    rb.retrieve(1);
                },
                rb -> {
                    // a pipe with room: one write takes everything (10 bytes), so re-add the last 8
                    assertThat(rb.writeTo(pipe.sink())).isEqualTo(10);
                    ByteBuffer bb = ByteBuffer.allocate(10);
                    while (bb.hasRemaining()) {
                        pipe.source().read(bb);
                    }
                    assertThat(bb.array()).as("writeTo sends from the head, not from the virtual offset")
                            .isEqualTo(seq(10, 0));
                    rb.write(seq(8, 2));
                }
            };
            for (ConsumingOp op : ops) {
                RingBuffer rb = positioned(58, seq(10, 0));
                assertThat(rb.virtualRead(new byte[5], 0, 5)).isEqualTo(5);
                op.apply(rb);
                assertThat(rb.length()).isEqualTo(8);
                assertThat(rb.virtualLength()).as("virtual reads were reverted").isEqualTo(8);
                assertThat(rb.bytes()).isEqualTo(seq(8, 2));
                rb.virtualFlush();
                assertThat(rb.length()).as("nothing left to flush").isEqualTo(8);
            }
            RingBuffer rb = positioned(58, seq(10, 0));
            rb.virtualRead(new byte[5], 0, 5);
            rb.retrieveAll();
            assertThat(rb.virtualLength()).isZero();
            rb.write(seq(3, 0));
            rb.virtualFlush();
            assertThat(rb.bytes()).isEqualTo(seq(3, 0));
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void writeRingBufferMovesBytesAndEmptiesWrappedSource() {
        RingBuffer src = positioned(40, seq(20, 1));
        src.write(seq(30, 21)); // 50 bytes from index 40: wrapped
        assertThat(src.capacity()).isEqualTo(64);
        RingBuffer dst = positioned(55, seq(5, 101)); // destination wrapped too
        dst.write(src);
        assertThat(src.length()).isZero();
        assertThat(src.isEmpty()).isTrue();
        assertThat(src.capacity()).as("the source keeps its array").isEqualTo(64);
        assertThat(src.bytes()).isEmpty();
        assertThat(dst.bytes()).isEqualTo(concat(seq(5, 101), seq(50, 1)));
        assertThat(dst.capacity()).isEqualTo(64);
        // the emptied source is reusable from scratch
        src.write(seq(64, 0));
        assertThat(src.capacity()).isEqualTo(64);
        assertThat(src.bytes()).isEqualTo(seq(64, 0));

        // growth of the destination while moving a wrapped source
        RingBuffer big = positioned(10, seq(40, 0));
        RingBuffer src2 = positioned(50, seq(14, 40));
        src2.write(seq(30, 54));
        big.write(src2);
        assertThat(big.capacity()).isEqualTo(128);
        assertThat(big.bytes()).isEqualTo(seq(84, 0));
        assertThat(src2.length()).isZero();
    }

    @Test
    void writeRingBufferRevertsSourceVirtualReadsAndKeepsOwn() {
        RingBuffer src = positioned(60, seq(8, 0));
        src.virtualRead(new byte[3], 0, 3);
        RingBuffer dst = new RingBuffer();
        dst.write(seq(4, 100));
        dst.virtualRead(new byte[2], 0, 2);
        dst.write(src);
        assertThat(dst.bytes()).as("every byte moves, including virtually read ones")
                .isEqualTo(concat(seq(4, 100), seq(8, 0)));
        assertThat(src.virtualLength()).isZero();
        assertThat(dst.virtualLength()).as("a write leaves the destination's virtual reads alone").isEqualTo(10);
        dst.virtualFlush();
        assertThat(dst.bytes()).isEqualTo(concat(seq(2, 102), seq(8, 0)));
        assertThatThrownBy(() -> dst.write(dst)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dst.length()).isEqualTo(10);
    }

    // ---------------------------------------------------------------- channel I/O

    static byte[] readExactly(java.nio.channels.ReadableByteChannel ch, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(n);
        while (bb.hasRemaining()) {
            if (ch.read(bb) < 0) {
                throw new IOException("EOF after " + bb.position());
            }
        }
        return bb.array();
    }

    static void writeFully(java.nio.channels.WritableByteChannel ch, byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    @Test
    void writeToPipeFromWrappedBufferUsesBothSlices() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            RingBuffer rb = positioned(50, seq(14, 1));
            rb.write(seq(16, 15)); // 30 bytes: 14 at the end of the array, 16 at the start
            assertThat(rb.capacity()).isEqualTo(64);
            assertThat(rb.writeTo(pipe.sink())).isEqualTo(30);
            assertThat(readExactly(pipe.source(), 30)).isEqualTo(seq(30, 1));
            assertThat(rb.length()).isZero();
            assertThat(rb.writeTo(pipe.sink())).as("nothing to write").isZero();
            // unwrapped: one slice
            rb.write(seq(20, 7));
            assertThat(rb.writeTo(pipe.sink())).isEqualTo(20);
            assertThat(readExactly(pipe.source(), 20)).isEqualTo(seq(20, 7));
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void writeToEmptyBufferDoesNotTouchTheChannel() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().close();
        pipe.source().close();
        RingBuffer rb = new RingBuffer();
        assertThat(rb.writeTo(pipe.sink())).isZero(); // a write to the closed channel would throw
        rb.write(seq(3, 0));
        rb.retrieve(3);
        assertThat(rb.writeTo(pipe.sink())).isZero();
    }

    @Test
    void readFromPipeIntoWrappedSpaceUsesBothSlices() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            RingBuffer rb = positioned(50, seq(10, 1)); // head 50, tail 60: 4 free bytes at the end, 50 at the start
            writeFully(pipe.sink(), seq(40, 11));
            // 40 bytes are waiting; a pipe read fills both slices (4 + 26) in one call
            assertThat(rb.readFrom(pipe.source(), 30)).isEqualTo(30);
            assertThat(rb.capacity()).as("fits without growing: the read was split over two slices").isEqualTo(64);
            assertThat(rb.length()).isEqualTo(40);
            assertThat(rb.bytes()).isEqualTo(seq(40, 1));
            assertThat(rb.peekLong(2)).isEqualTo(ByteBuffer.wrap(seq(40, 1)).getLong(2));
            // the remaining 10 bytes; asking for exactly the 24 free bytes needs no growth
            assertThat(rb.readFrom(pipe.source(), 24)).isEqualTo(10);
            assertThat(rb.capacity()).isEqualTo(64);
            assertThat(rb.bytes()).isEqualTo(seq(50, 1));
            pipe.source().configureBlocking(false);
            assertThat(rb.readFrom(pipe.source(), 1)).as("nothing available").isZero();
            assertThat(rb.readFrom(pipe.source(), 15)).as("one more than free: grows").isZero();
            assertThat(rb.capacity()).isEqualTo(128);
            assertThat(rb.bytes()).isEqualTo(seq(50, 1));
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void readFromGrowsOnlyAsFarAsNeededAndReturnsMinusOneAtEndOfStream() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            RingBuffer rb = new RingBuffer();
            writeFully(pipe.sink(), seq(7, 3));
            pipe.sink().close();
            assertThat(rb.readFrom(pipe.source(), 100)).isEqualTo(7);
            assertThat(rb.capacity()).isEqualTo(128);
            assertThat(rb.bytes()).isEqualTo(seq(7, 3));
            assertThat(rb.readFrom(pipe.source(), 100)).isEqualTo(-1);
            assertThat(rb.length()).isEqualTo(7);
            assertThat(rb.bytes()).isEqualTo(seq(7, 3));
            assertThatThrownBy(() -> rb.readFrom(pipe.source(), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> rb.readFrom(pipe.source(), -5)).isInstanceOf(IllegalArgumentException.class);
            assertThat(rb.bytes()).isEqualTo(seq(7, 3));
            assertThat(rb.capacity()).isEqualTo(128);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void readFromNonBlockingEmptyChannelReturnsZero() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            RingBuffer rb = new RingBuffer();
            rb.write(seq(5, 0));
            rb.virtualRead(new byte[2], 0, 2);
            assertThat(rb.readFrom(pipe.source(), 10)).isZero();
            assertThat(rb.bytes()).isEqualTo(seq(5, 0));
            assertThat(rb.virtualLength()).as("readFrom is a write: virtual reads stay").isEqualTo(3);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void socketPairRoundTripWithWrappedData() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                // client -> accepted: a wrapped buffer is written with a gathering write
                RingBuffer out = positioned(40, seq(24, 0));
                out.write(seq(30, 24)); // 54 bytes from index 40
                assertThat(out.capacity()).isEqualTo(64);
                int sent = 0;
                while (out.length() > 0) {
                    sent += out.writeTo(client);
                }
                assertThat(sent).isEqualTo(54);
                assertThat(readExactly(accepted, 54)).isEqualTo(seq(54, 0));

                // accepted -> client: read into the wrapped free space of a buffer with head 40
                RingBuffer in = positioned(40, seq(10, 0)); // tail 50: 14 free at the end, 40 at the start
                byte[] payload = seq(50, 10);
                writeFully(accepted, payload);
                while (in.length() < 60) {
                    int n = in.readFrom(client, 60 - in.length());
                    assertThat(n).isPositive();
                }
                assertThat(in.capacity()).isEqualTo(64);
                assertThat(in.bytes()).isEqualTo(seq(60, 0));

                accepted.shutdownOutput();
                assertThat(in.readFrom(client, 4)).isEqualTo(-1);
                assertThat(in.length()).isEqualTo(60);
                assertThat(in.readFrom(client, 4)).isEqualTo(-1);
            }
        }
    }

    @Test
    void clearIsRetrieveAll() {
        RingBuffer rb = positioned(30, seq(10, 0));
        rb.clear();
        assertThat(rb.length()).isZero();
        assertThat(rb.capacity()).isEqualTo(64);
        rb.write(seq(64, 0));
        assertThat(rb.capacity()).as("cleared buffer restarts at index 0").isEqualTo(64);
        assertThat(rb.bytes()).isEqualTo(seq(64, 0));
    }

    @Test
    void directBufferKeepsItsBytesInNativeMemoryAndWorksLikeAHeapOne() {
        RingBuffer rb = RingBuffer.direct(1000);
        assertThat(rb.isDirect()).isTrue();
        assertThat(rb.capacity()).isEqualTo(1024);
        rb.writeInt(-2);
        rb.write(new byte[] {1, 2, 3});
        assertThat(rb.peekInt(0)).isEqualTo(-2);
        assertThat(rb.readBytes(7)).containsExactly(-1, -1, -1, -2, 1, 2, 3);
        assertThat(new RingBuffer().isDirect()).isFalse();
    }
}
