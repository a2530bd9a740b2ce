package io.gev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shared half of the framing fuzz tests ({@code *FuzzTest}): reads a fuzzer input as settings, chunk sizes and a
 * byte stream, feeds the stream through an {@link EmbeddedFrames} whole, in the chunks the input chose and (when it is
 * short) byte by byte, and checks what holds for every framing: the only exception is the documented one, every frame
 * consumed input (checked by the driver), and every way of cutting the stream gives the same frames and the same end.
 *
 * <p>Input layout: {@code settings} bytes for the test to pick its configuration from, one byte whose low three bits
 * count the chunk sizes that follow (one byte each, 1 to 256), then the stream. Shorter inputs are padded with zeros.
 */
public final class FramingFuzz {

    /** Streams up to this long are also fed one byte at a time. */
    private static final int BYTEWISE_LIMIT = 512;

    private FramingFuzz() {
    }

    /** A fuzzer input taken apart: {@link #setting(int)}s, the chunk sizes and the stream. */
    public static final class Input {

        private final byte[] settings;
        private final int[] chunks;
        private final byte[] stream;

        private Input(byte[] settings, int[] chunks, byte[] stream) {
            this.settings = settings;
            this.chunks = chunks;
            this.stream = stream;
        }

        /** Setting byte {@code i}, unsigned. */
        public int setting(int i) {
            return settings[i] & 0xFF;
        }

        public byte[] stream() {
            return stream;
        }

        /** The chunk sizes the stream is also fed in, cyclically; empty when only whole and bytewise feeding apply. */
        public int[] chunks() {
            return chunks;
        }
    }

    /** Takes {@code data} apart with {@code settings} leading setting bytes. */
    public static Input input(byte[] data, int settings) {
        int pos = 0;
        byte[] s = new byte[settings];
        for (int i = 0; i < settings; i++) {
            s[i] = pos < data.length ? data[pos++] : 0;
        }
        int count = pos < data.length ? data[pos++] & 7 : 0;
        int[] chunks = new int[count];
        for (int i = 0; i < count; i++) {
            chunks[i] = 1 + (pos < data.length ? data[pos++] & 0xFF : 0);
        }
        return new Input(s, chunks, Arrays.copyOfRange(data, Math.min(pos, data.length), data.length));
    }

    /** A seed in the layout of {@link #input}: these settings, no chunk sizes, then {@code stream}. */
    public static byte[] seed(byte[] stream, int... settings) {
        byte[] out = new byte[settings.length + 1 + stream.length];
        for (int i = 0; i < settings.length; i++) {
            out[i] = (byte) settings[i];
        }
        System.arraycopy(stream, 0, out, settings.length + 1, stream.length);
        return out;
    }

    /**
     * What a stream came to: the frames, in order, and the documented exception that ended it (null when none did), and
     * whether the protocol closed the connection.
     */
    public record Outcome(List<Frame> frames, RuntimeException failure, boolean closed, EmbeddedFrames driver) {
    }

    /**
     * Feeds {@code stream} to a new driver in pieces of {@code chunks} (cyclically; the whole stream at once when
     * empty). An exception of type {@code allowed} ends the stream, as it ends a connection; any other propagates,
     * which is a finding.
     */
    public static Outcome feed(Supplier<EmbeddedFrames> drivers, byte[] stream, int[] chunks,
            Class<? extends RuntimeException> allowed) {
        EmbeddedFrames driver = drivers.get();
        List<Frame> frames = new ArrayList<>();
        int off = 0;
        int c = 0;
        try {
            do {
                int n = chunks.length == 0 ? stream.length : Math.min(chunks[c++ % chunks.length], stream.length - off);
                driver.feed(stream, off, n, frames);
                off += n;
            } while (off < stream.length && !driver.isClosed());
        } catch (RuntimeException e) {
            if (!allowed.isInstance(e)) {
                throw e;
            }
            return new Outcome(frames, e, driver.isClosed(), driver);
        }
        return new Outcome(frames, null, driver.isClosed(), driver);
    }

    /**
     * Feeds the stream of {@code input} whole, in its chunks and (when short) byte by byte, asserts that all three
     * agree (frames compared by data and by {@code contextKey} of their context) and returns the whole feed's outcome.
     */
    public static Outcome feedEveryWay(Supplier<EmbeddedFrames> drivers, Input input,
            Class<? extends RuntimeException> allowed, Function<Object, Object> contextKey) {
        byte[] stream = input.stream();
        Outcome whole = feed(drivers, stream, new int[0], allowed);
        if (input.chunks().length > 0) {
            assertSame(whole, feed(drivers, stream, input.chunks(), allowed), "chunks " + Arrays.toString(input.chunks()),
                    contextKey);
        }
        if (stream.length <= BYTEWISE_LIMIT) {
            assertSame(whole, feed(drivers, stream, new int[] {1}, allowed), "byte by byte", contextKey);
        }
        return whole;
    }

    /** Asserts that {@code split} came to what {@code whole} came to. */
    public static void assertSame(Outcome whole, Outcome split, String how, Function<Object, Object> contextKey) {
        if ((whole.failure() == null) != (split.failure() == null)
                || whole.failure() != null && whole.failure().getClass() != split.failure().getClass()) {
            throw new AssertionError("fed " + how + ", the stream ended with " + describe(split.failure())
                    + " but fed whole with " + describe(whole.failure()));
        }
        if (whole.closed() != split.closed()) {
            throw new AssertionError("fed " + how + ", closed=" + split.closed() + " but fed whole closed="
                    + whole.closed());
        }
        List<Frame> a = whole.frames();
        List<Frame> b = split.frames();
        if (a.size() != b.size()) {
            throw new AssertionError("fed " + how + ", " + b.size() + " frames but fed whole " + a.size());
        }
        for (int i = 0; i < a.size(); i++) {
            Frame x = a.get(i);
            Frame y = b.get(i);
            if (!Arrays.equals(x.data(), y.data())
                    || !Objects.equals(contextKey.apply(x.context()), contextKey.apply(y.context()))) {
                throw new AssertionError("fed " + how + ", frame " + i + " differs from the one fed whole: "
                        + describe(y) + " vs " + describe(x));
            }
        }
    }

    /** Asserts {@code condition}, failing with {@code message}. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static String describe(Throwable t) {
        return t == null ? "no exception" : t.toString();
    }

    private static String describe(Frame f) {
        return "Frame[context=" + f.context() + ", " + f.data().length + " bytes]";
    }
}
