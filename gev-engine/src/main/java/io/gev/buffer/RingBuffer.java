package io.gev.buffer;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A growable circular byte buffer: the inbound and outbound queue of a connection.
 *
 * <p>Bytes are written at the tail and consumed from the head. The backing store grows to the next power of two when a
 * write does not fit, and {@link #trim()} gives it back after a burst, so an idle connection holds no memory at all.
 * Multi-byte numbers are big-endian.
 *
 * <p>Speculative reads: {@link #virtualRead(byte[], int, int)} consumes bytes only tentatively; {@link #virtualFlush()}
 * commits them and {@link #virtualRevert()} puts them back. Any consuming operation ({@code retrieve}, {@code read},
 * {@code writeTo} ...) first reverts pending virtual reads; writes leave them alone.
 *
 * <p>Channel I/O ({@link #readFrom}, {@link #writeTo}) touches at most two slices of the store and makes no copy of its
 * own. A buffer made by {@link #direct(int)} keeps its bytes in native memory, which the socket reads into and writes
 * from without the JDK's intermediate copy; gev's event loops use such buffers for their shared read and write
 * buffers and heap buffers for each connection. Not thread safe: a ring buffer belongs to one event loop.
 */
public final class RingBuffer {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MIN_CAPACITY = 64;
    private static final int MAX_CAPACITY = 1 << 30;

    private final boolean direct;
    private ByteBuffer store = EMPTY;
    private int capacity;
    private int mask = -1;
    /** Absolute index of the first readable byte, always in {@code [0, capacity)}. */
    private int head;
    private int length;
    /** Bytes consumed by virtual reads and not yet flushed or reverted. */
    private int virtualOffset;

    /** Views of the store for channel I/O, null while there is no store (an idle buffer holds no views). */
    private ChannelViews views;

    /** Creates an empty heap buffer that allocates nothing until the first write. */
    public RingBuffer() {
        this(0, false);
    }

    /** Creates an empty heap buffer whose array holds at least {@code initialCapacity} bytes. */
    public RingBuffer(int initialCapacity) {
        this(initialCapacity, false);
    }

    private RingBuffer(int initialCapacity, boolean direct) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
        }
        this.direct = direct;
        if (initialCapacity > 0) {
            resize(initialCapacity);
        }
    }

    /**
     * Creates an empty buffer in native memory holding at least {@code capacity} bytes (it starts half-way into a
     * page, where the kernel's copies to and from sockets run fastest). Meant for long-lived buffers of a fixed size:
     * growing or trimming it allocates native memory, which only the garbage collector frees.
     */
    public static RingBuffer direct(int capacity) {
        return new RingBuffer(capacity, true);
    }

    /** Whether the bytes live in native memory (see {@link #direct(int)}). */
    public boolean isDirect() {
        return direct;
    }

    /** Number of readable bytes. */
    public int length() {
        return length;
    }

    /** Whether there is no readable byte. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** Size of the backing store (0 when none is held). */
    public int capacity() {
        return capacity;
    }

    /** Bytes that can be written before the store has to grow. */
    public int free() {
        return capacity - length;
    }

    // ---------------------------------------------------------------- peeking (consumes nothing)

    /** The byte at {@code index} from the head. */
    public byte peekByte(int index) {
        checkIndex(index, 1);
        return store.get((head + index) & mask);
    }

    /**
     * The big-endian signed 16-bit value at {@code index}: 0xFFFF is -1. A length is unsigned: read it with
     * {@link #peekUnsignedShort}.
     */
    public short peekShort(int index) {
        return (short) peekUnsignedShort(index);
    }

    /** The big-endian unsigned 16-bit value at {@code index}, from 0 to 65,535: what a 2-byte length field holds. */
    public int peekUnsignedShort(int index) {
        checkIndex(index, 2);
        return (at(index) << 8) | at(index + 1);
    }

    /**
     * The big-endian signed 32-bit value at {@code index}: 0xFFFFFFFF is -1. A length is unsigned: read it with
     * {@link #peekUnsignedInt}.
     */
    public int peekInt(int index) {
        checkIndex(index, 4);
        return (at(index) << 24) | (at(index + 1) << 16) | (at(index + 2) << 8) | at(index + 3);
    }

    /** The big-endian unsigned 32-bit value at {@code index}, from 0 to 4,294,967,295: a 4-byte length field. */
    public long peekUnsignedInt(int index) {
        return Integer.toUnsignedLong(peekInt(index));
    }

    /** The big-endian signed 64-bit value at {@code index}. */
    public long peekLong(int index) {
        checkIndex(index, 8);
        return ((long) peekInt(index) << 32) | (peekInt(index + 4) & 0xFFFFFFFFL);
    }

    /** Copies {@code len} bytes starting at {@code index} from the head into {@code dst}, consuming nothing. */
    public void peek(int index, byte[] dst, int off, int len) {
        checkIndex(index, len);
        copyOut(head + index, dst, off, len);
    }

    /** Index (from the head) of the first {@code value} at or after {@code from}, or -1. */
    public int indexOf(byte value, int from) {
        int start = Math.max(from, 0);
        if (start >= length) {
            return -1;
        }
        int beforeWrap = Math.min(length, capacity - head);
        if (start < beforeWrap) {
            int found = ByteSearch.indexOf(store, head + start, head + beforeWrap, value);
            if (found >= 0) {
                return found - head;
            }
            start = beforeWrap;
        }
        int found = ByteSearch.indexOf(store, start - beforeWrap, length - beforeWrap, value);
        return found < 0 ? -1 : found + beforeWrap;
    }

    /** A copy of all readable bytes, consuming nothing. */
    public byte[] bytes() {
        byte[] out = new byte[length];
        copyOut(head, out, 0, length);
        return out;
    }

    // ---------------------------------------------------------------- consuming

    /** Discards {@code n} bytes from the head. */
    public void retrieve(int n) {
        virtualRevert();
        checkIndex(0, n);
        consume(n);
    }

    /** Discards everything; the store is kept (see {@link #trim()}). */
    public void retrieveAll() {
        virtualOffset = 0;
        head = 0;
        length = 0;
    }

    /** Same as {@link #retrieveAll()}. */
    public void clear() {
        retrieveAll();
    }

    /** Consumes one byte. */
    public byte readByte() {
        byte b = peekByte(0);
        retrieve(1);
        return b;
    }

    /** Consumes up to {@code len} bytes into {@code dst}; returns how many were copied. */
    public int read(byte[] dst, int off, int len) {
        virtualRevert();
        int n = Math.min(len, length);
        copyOut(head, dst, off, n);
        consume(n);
        return n;
    }

    /** Consumes exactly {@code n} bytes into a new array. */
    public byte[] readBytes(int n) {
        virtualRevert();
        checkIndex(0, n);
        byte[] out = new byte[n];
        copyOut(head, out, 0, n);
        consume(n);
        return out;
    }

    // ---------------------------------------------------------------- virtual (speculative) reads

    /** Readable bytes not yet consumed by virtual reads. */
    public int virtualLength() {
        return length - virtualOffset;
    }

    /** Tentatively consumes up to {@code len} bytes into {@code dst}; returns how many were copied. */
    public int virtualRead(byte[] dst, int off, int len) {
        int n = Math.min(len, virtualLength());
        copyOut(head + virtualOffset, dst, off, n);
        virtualOffset += n;
        return n;
    }

    /** Commits the virtual reads: the bytes they returned are consumed. */
    public void virtualFlush() {
        int n = virtualOffset;
        virtualOffset = 0;
        consume(n);
    }

    /** Cancels the virtual reads: the bytes they returned are readable again. */
    public void virtualRevert() {
        virtualOffset = 0;
    }

    // ---------------------------------------------------------------- writing

    /** Appends all of {@code src}. */
    public void write(byte[] src) {
        write(src, 0, src.length);
    }

    /** Appends {@code len} bytes of {@code src} from {@code off}. */
    public void write(byte[] src, int off, int len) {
        if ((off | len) < 0 || len > src.length - off) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " array=" + src.length);
        }
        ensureWritable(len);
        int tail = (head + length) & mask;
        int firstPart = Math.min(len, capacity - tail);
        store.put(tail, src, off, firstPart);
        store.put(0, src, off + firstPart, len - firstPart);
        length += len;
    }

    /** Appends the remaining bytes of {@code src}, advancing its position. */
    public void write(ByteBuffer src) {
        int len = src.remaining();
        ensureWritable(len);
        int tail = (head + length) & mask;
        int firstPart = Math.min(len, capacity - tail);
        int from = src.position();
        store.put(tail, src, from, firstPart);
        store.put(0, src, from + firstPart, len - firstPart);
        src.position(from + len);
        length += len;
    }

    /** Moves every readable byte of {@code src} to the tail of this buffer; {@code src} ends empty. */
    public void write(RingBuffer src) {
        if (src == this) {
            throw new IllegalArgumentException("cannot write a ring buffer into itself");
        }
        src.virtualRevert();
        int len = src.length;
        ensureWritable(len);
        int srcFirst = Math.min(len, src.capacity - src.head);
        append(src.store, src.head, srcFirst);
        append(src.store, 0, len - srcFirst);
        src.retrieveAll();
    }

    /** Appends the UTF-8 encoding of {@code s}. */
    public void writeUtf8(CharSequence s) {
        write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one byte. */
    public void writeByte(int value) {
        ensureWritable(1);
        store.put((head + length) & mask, (byte) value);
        length++;
    }

    /** Appends a big-endian 16-bit value. */
    public void writeShort(int value) {
        writeByte(value >>> 8);
        writeByte(value);
    }

    /** Appends a big-endian 32-bit value. */
    public void writeInt(int value) {
        writeShort(value >>> 16);
        writeShort(value);
    }

    /** Appends a big-endian 64-bit value. */
    public void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    // ---------------------------------------------------------------- channel I/O

    /**
     * Reads at most {@code maxBytes} from {@code channel} into the tail, growing the store only as far as needed to make
     * room for them. Returns the count read, 0 when nothing was available, or -1 at end of stream.
     */
    public int readFrom(ScatteringByteChannel channel, int maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes <= 0: " + maxBytes);
        }
        ensureWritable(maxBytes);
        long n = views.read(channel, (head + length) & mask, maxBytes);
        if (n > 0) {
            length += (int) n;
        }
        return (int) n;
    }

    /**
     * Writes as many readable bytes as {@code channel} accepts (one gathering write of at most two slices) and consumes
     * them. Returns the count written.
     */
    public int writeTo(GatheringByteChannel channel) throws IOException {
        return writeTo(channel, length);
    }

    /**
     * Like {@link #writeTo(GatheringByteChannel)}, offering at most {@code maxBytes}: a bound on the temporary direct
     * buffer through which the JDK copies heap bytes to a socket.
     */
    public int writeTo(GatheringByteChannel channel, int maxBytes) throws IOException {
        virtualRevert();
        int total = Math.min(length, maxBytes);
        if (total <= 0) {
            return 0;
        }
        long n = views.write(channel, head, total);
        consume((int) n);
        return (int) n;
    }

    // ---------------------------------------------------------------- memory

    /**
     * Gives memory back: an empty buffer drops its store; a buffer using less than a quarter of its store moves to a
     * smaller one. Call it after a burst has been processed.
     */
    public void trim() {
        virtualRevert();
        if (length == 0) {
            if (capacity > 0) {
                release();
            }
        } else if (capacity > MIN_CAPACITY && length <= capacity >>> 2) {
            resize(length);
        }
    }

    @Override
    public String toString() {
        return "RingBuffer[length=" + length + ", capacity=" + capacity + (direct ? ", direct" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    private int at(int index) {
        return store.get((head + index) & mask) & 0xFF;
    }

    private void checkIndex(int index, int len) {
        if (index < 0 || len < 0 || index > length - len) {
            throw new BufferUnderflowException();
        }
    }

    private void consume(int n) {
        length -= n;
        head = length == 0 ? 0 : (head + n) & mask;
    }

    private void copyOut(int from, byte[] dst, int off, int len) {
        int start = from & mask;
        int firstPart = Math.min(len, capacity - start);
        store.get(start, dst, off, firstPart);
        store.get(0, dst, off + firstPart, len - firstPart);
    }

    /** Appends {@code len} bytes of {@code src} from {@code index}; the room is already there. */
    private void append(ByteBuffer src, int index, int len) {
        int tail = (head + length) & mask;
        int firstPart = Math.min(len, capacity - tail);
        store.put(tail, src, index, firstPart);
        store.put(0, src, index + firstPart, len - firstPart);
        length += len;
    }

    private void ensureWritable(int extra) {
        if (extra > capacity - length) {
            long needed = (long) length + extra;
            if (needed > MAX_CAPACITY) {
                throw new BufferOverflowException();
            }
            resize((int) needed);
        }
    }

    /** Moves the readable bytes to the start of a new power-of-two store of at least {@code minCapacity} bytes. */
    private void resize(int minCapacity) {
        int size = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(minCapacity - 1, 1)) << 1);
        ByteBuffer next = direct ? DirectMemory.allocate(size) : ByteBuffer.allocate(size);
        int firstPart = Math.min(length, capacity - head);
        next.put(0, store, head, firstPart);
        next.put(firstPart, store, 0, length - firstPart);
        setStore(next);
        head = 0;
    }

    private void release() {
        setStore(EMPTY);
        head = 0;
        length = 0;
        virtualOffset = 0;
    }

    private void setStore(ByteBuffer next) {
        store = next;
        capacity = next.capacity();
        mask = capacity - 1;
        views = capacity == 0 ? null : new ChannelViews(next);
    }
}
