package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A fixed corpus of hostile RESP requests that {@link RequestDecoderTests} does not already hold: lengths and counts
 * just past 32 bits, signs and padding Redis refuses, bulks that lie about their length, and a known divergence
 * found by {@link RequestDecoderFuzzTest}.
 */
class RequestDecoderNastyInputsTests {

    private static final RespLimits DEFAULTS = new RespLimits(DataSize.ofKilobytes(64), DataSize.ofMegabytes(8),
            1048576, DataSize.ofMegabytes(64));
    private static final RespLimits SMALL = new RespLimits(DataSize.ofBytes(8), DataSize.ofBytes(16), 3,
            DataSize.ofBytes(20));

    @Test
    void countsAndLengthsPast32BitsAreRefusedOnTheirHeaderAlone() {
        assertRejected(DEFAULTS, "*1\r\n$2147483648\r\n", "invalid bulk length");
        assertRejected(DEFAULTS, "*1\r\n$4294967296\r\n", "invalid bulk length");
        assertRejected(DEFAULTS, "*2147483648\r\n", "invalid multibulk length");
        assertRejected(DEFAULTS, "*9223372036854775807\r\n", "invalid multibulk length");
        assertRejected(DEFAULTS, "*9223372036854775808\r\n", "invalid multibulk length");
    }

    @Test
    void signsPaddingAndEmptyNumbersAreInvalid() {
        for (String header : List.of("*+1", "* 1", "*1 ", "*", "*-0", "*0x1", "*1\u0000")) {
            assertRejected(SMALL, header + "\r\n", "invalid multibulk length");
        }
        for (String header : List.of("$+1", "$ 1", "$", "$-0", "$01")) {
            assertRejected(SMALL, "*1\r\n" + header + "\r\n", "invalid bulk length");
        }
    }

    @Test
    void negativeCountsAreEmptyRequestsButNegativeLengthsAreNot() {
        assertThat(decodeAll(DEFAULTS, "*-1\r\n*-2\r\n*-9223372036854775807\r\nPING\r\n")).containsExactly("PING");
        assertRejected(SMALL, "*1\r\n$-2\r\n", "invalid bulk length");
    }

    @Test
    void aBulkThatLiesAboutItsLengthIsCaughtAtItsEnd() {
        assertRejected(SMALL, "*1\r\n$1\r\nab\r\n", "bulk string not followed by CRLF");
        assertRejected(SMALL, "*1\r\n$2\r\nab\n\r", "bulk string not followed by CRLF");
    }

    @Test
    void bareLineFeedsEndHeadersAndInlineRequests() {
        assertThat(decodeAll(SMALL, "*1\n$4\nPING\r\nECHO x\n\n")).containsExactly("PING", "ECHO|x");
    }

    /**
     * Found by {@link RequestDecoderFuzzTest}: an inline (or {@code *N} / {@code $N}) line of exactly the maximum
     * length is accepted when its CR and LF arrive in the same read, but fails as "too big inline request" when a read
     * ends between them, because the CR is counted as content while the LF is awaited. Whether a request is accepted
     * thus depends on where TCP cut the stream.
     */
    @Test
    void aLineOfTheMaximumLengthCutBetweenItsCrAndLfIsAcceptedAsWhole() {
        assertThat(decodeAll(SMALL, "12345678\r\n")).containsExactly("12345678");
        RequestDecoder decoder = new RequestDecoder(SMALL);
        RingBuffer in = new RingBuffer();
        in.write("12345678\r".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(decoder.decode(in)).isNull(); // throws FrameException("too big inline request")
        in.write("\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(decoder.decode(in).text(0)).isEqualTo("12345678");
    }

    private static List<String> decodeAll(RespLimits limits, String input) {
        RequestDecoder decoder = new RequestDecoder(limits);
        RingBuffer in = new RingBuffer();
        in.write(input.getBytes(StandardCharsets.ISO_8859_1));
        List<String> out = new ArrayList<>();
        for (Request r = decoder.decode(in); r != null; r = decoder.decode(in)) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                words.add(r.text(i));
            }
            out.add(String.join("|", words));
        }
        return out;
    }

    private static void assertRejected(RespLimits limits, String input, String message) {
        RequestDecoder decoder = new RequestDecoder(limits);
        RingBuffer in = new RingBuffer();
        in.write(input.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> {
            while (decoder.decode(in) != null) {
                // requests before the bad part are fine
            }
        }).as(input).isInstanceOf(FrameException.class).hasMessage(message);
    }
}
