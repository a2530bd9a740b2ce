package io.gev.samples.redis;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/**
 * The RESP request grammar on fuzzed streams under small fuzzed {@link RespLimits}, driven as the engine drives a
 * protocol (unpack while requests come out; each must consume input): only {@link FrameException}, no request over
 * the limits, and the same requests and end however the stream is cut (whole, in fuzzed chunks, byte by byte).
 *
 * <p>Input layout: four setting bytes (inline line, bulk, argument count and request limits), one byte whose low three
 * bits count the chunk sizes that follow (one byte each, 1 to 256), then the stream.
 */
class RequestDecoderFuzzTest {

    static Stream<byte[]> seeds() {
        return Stream.of(
                seed("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\nPING\r\n\r\n*0\r\n*-1\r\nget  k\n", 31, 15, 2, 19),
                seed("*2\r\n$4\r\nECHO\r\n$6\r\na\r\nb c\r\n*1\r\n$4\r\nPINGxx", 31, 15, 2, 19),
                seed("*1\r\n$2147483648\r\n*2147483648\r\n", 39, 31, 4, 63),
                seed("x".repeat(8) + "\r\n" + "\t a\tb  \r\n", 7, 7, 2, 7),
                seed("e \"a b\\x41\\n\" 'it\\'s'\r\ne x\"y z\"\r\ne \"ab\"c\r\n", 31, 15, 3, 19));
    }

    /**
     * Settings: 0 longest inline or header line {@code 1 + s0 % 40}; 1 longest bulk {@code 1 + s1 % 32}; 2 most
     * arguments {@code 1 + s2 % 5}; 3 most argument bytes per request {@code 1 + s3 % 64}.
     */
    @MethodSource("seeds")
    // no CR or LF in entries: jazzer-junit writes them unescaped, which breaks the dictionary file (the seeds have them)
    @DictionaryEntries({"*1", "*2", "*-1", "$1", "$0", "$-1", "$2147483648", "PING", "\"", "'", "\\x4", "\\'"})
    @FuzzTest(maxDuration = "20s")
    void requestsAreWithinTheLimitsAndIndependentOfHowTheStreamIsCut(byte[] data) {
        int pos = 0;
        int[] s = new int[4];
        for (int i = 0; i < s.length; i++) {
            s[i] = pos < data.length ? data[pos++] & 0xFF : 0;
        }
        int maxLine = 1 + s[0] % 40;
        int maxBulk = 1 + s[1] % 32;
        int maxArguments = 1 + s[2] % 5;
        int maxRequest = 1 + s[3] % 64;
        RespLimits limits = new RespLimits(DataSize.ofBytes(maxLine), DataSize.ofBytes(maxBulk), maxArguments,
                DataSize.ofBytes(maxRequest));
        int count = pos < data.length ? data[pos++] & 7 : 0;
        int[] chunks = new int[count];
        for (int i = 0; i < count; i++) {
            chunks[i] = 1 + (pos < data.length ? data[pos++] & 0xFF : 0);
        }
        byte[] stream = Arrays.copyOfRange(data, Math.min(pos, data.length), data.length);

        Outcome whole = feed(limits, stream, new int[0]);
        for (List<String> request : whole.requests) {
            check(request.size() >= 1 && request.size() <= maxArguments, "a request of " + request.size() + " words");
            long total = 0;
            for (String word : request) {
                check(word.length() <= Math.max(maxLine, maxBulk), "a word over the limits");
                total += word.length();
            }
            check(total <= Math.max(maxLine, maxRequest), "a request of " + total + " bytes over the limits");
        }
        if (chunks.length > 0) {
            assertSame(whole, feed(limits, stream, chunks), chunks);
        }
        if (stream.length <= 512) {
            assertSame(whole, feed(limits, stream, new int[] {1}), new int[] {1});
        }
    }

    private record Outcome(List<List<String>> requests, FrameException failure) {
    }

    /** Feeds {@code stream} in pieces of {@code chunks} (cyclically; all at once when empty). */
    private static Outcome feed(RespLimits limits, byte[] stream, int[] chunks) {
        return feed(limits, stream, boundaries(stream, chunks));
    }

    private static Outcome feed(RespLimits limits, byte[] stream, List<Integer> ends) {
        RequestDecoder decoder = new RequestDecoder(limits);
        RingBuffer in = new RingBuffer();
        List<List<String>> requests = new ArrayList<>(); // the words: the decoder reuses its request
        int off = 0;
        try {
            for (int end : ends) {
                in.write(stream, off, end - off);
                off = end;
                while (!in.isEmpty()) {
                    int before = in.length();
                    Request request = decoder.decode(in);
                    if (request == null) {
                        break;
                    }
                    check(in.length() < before, "a request that consumed no input");
                    requests.add(words(request));
                }
            }
        } catch (FrameException e) {
            return new Outcome(requests, e);
        }
        return new Outcome(requests, null);
    }

    /** Where the pieces end. */
    private static List<Integer> boundaries(byte[] stream, int[] chunks) {
        List<Integer> ends = new ArrayList<>();
        int off = 0;
        int c = 0;
        do {
            int n = chunks.length == 0 ? stream.length : Math.min(chunks[c++ % chunks.length], stream.length - off);
            off += n;
            ends.add(off);
        } while (off < stream.length);
        return ends;
    }

    /** Asserts the split feed came to what the whole one came to. */
    private static void assertSame(Outcome whole, Outcome split, int[] chunks) {
        String difference = difference(whole, split);
        if (difference != null) {
            throw new AssertionError("fed in chunks " + Arrays.toString(chunks) + ": " + difference);
        }
    }

    private static String difference(Outcome whole, Outcome split) {
        if ((whole.failure() == null) != (split.failure() == null)) {
            return "ended with " + split.failure() + " but fed whole with " + whole.failure();
        }
        if (whole.requests().size() != split.requests().size()) {
            return split.requests().size() + " requests but fed whole " + whole.requests().size();
        }
        for (int i = 0; i < whole.requests().size(); i++) {
            if (!whole.requests().get(i).equals(split.requests().get(i))) {
                return "request " + i + " is " + split.requests().get(i) + " but fed whole "
                        + whole.requests().get(i);
            }
        }
        return null;
    }

    /** The words of {@code request}, as ISO-8859-1 text (a byte per character). */
    private static List<String> words(Request request) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < request.size(); i++) {
            words.add(request.text(i));
        }
        return words;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static byte[] seed(String stream, int... settings) {
        byte[] body = stream.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[settings.length + 1 + body.length];
        for (int i = 0; i < settings.length; i++) {
            out[i] = (byte) settings[i];
        }
        System.arraycopy(body, 0, out, settings.length + 1, body.length);
        return out;
    }
}
