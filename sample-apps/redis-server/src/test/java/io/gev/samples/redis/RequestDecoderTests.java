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
 * The request grammar on its own, fed through a ring buffer in every possible split: the same requests come out,
 * and every limit bites on the header that declares too much, before a byte of the data is there.
 */
class RequestDecoderTests {

    /** Inline lines of at most 32 bytes, bulks of at most 16, 3 arguments and 20 argument bytes per request. */
    private static final RespLimits SMALL = new RespLimits(DataSize.ofBytes(32), DataSize.ofBytes(16), 3,
            DataSize.ofBytes(20));

    private static final String STREAM = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"
            + "PING\r\n"
            + "\r\n*0\r\n*-1\r\n"
            + "get  k\n"
            + "*2\r\n$4\r\nECHO\r\n$6\r\na\r\nb c\r\n"
            + "e \"a b\\x41\" ''\r\n";
    private static final List<String> REQUESTS = List.of("SET|k|", "PING", "get|k", "ECHO|a\r\nb c", "e|a bA|");

    @Test
    void everySplitOfAStreamGivesTheSameRequests() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 0; split <= bytes.length; split++) {
            RequestDecoder decoder = new RequestDecoder(SMALL);
            RingBuffer in = new RingBuffer();
            List<String> decoded = new ArrayList<>();
            in.write(bytes, 0, split);
            drain(decoder, in, decoded);
            in.write(bytes, split, bytes.length - split);
            drain(decoder, in, decoded);
            assertThat(decoded).as("split at %d", split).isEqualTo(REQUESTS);
            assertThat(in.isEmpty()).isTrue();
        }
    }

    @Test
    void commandNamesAreLookedUpWhereTheyArriveInEverySplit() {
        CommandTable table = new CommandTable();
        ConnectionCommands.addTo(table);
        byte[] bytes = ("*2\r\n$4\r\necHo\r\n$2\r\nhi\r\n*1\r\n$4\r\nEchO\r\n*1\r\n$3\r\nfoo\r\n"
                + " eCHo  hi\r\n\"echo\" x\r\nfoo\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 0; split <= bytes.length; split++) {
            RequestDecoder decoder = new RequestDecoder(SMALL, table);
            RingBuffer in = new RingBuffer();
            List<String> decoded = new ArrayList<>();
            in.write(bytes, 0, split);
            drainWithCommands(decoder, in, decoded);
            in.write(bytes, split, bytes.length - split);
            drainWithCommands(decoder, in, decoded);
            // a known name reads as the table spells it, with its command; an unknown one as sent, with none; an
            // inline name in quotes is left to the handler
            assertThat(decoded).as("split at %d", split).containsExactly("ECHO|hi ECHO", "ECHO ECHO", "foo null",
                    "ECHO|hi ECHO", "echo|x null", "foo null");
        }
    }

    @Test
    void aStreamFedByteByByteGivesTheSameRequests() {
        RequestDecoder decoder = new RequestDecoder(SMALL);
        RingBuffer in = new RingBuffer();
        List<String> decoded = new ArrayList<>();
        for (byte b : STREAM.getBytes(StandardCharsets.ISO_8859_1)) {
            in.writeByte(b);
            drain(decoder, in, decoded);
        }
        assertThat(decoded).isEqualTo(REQUESTS);
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        String sixteen = "0123456789abcdef";
        assertThat(decodeOne("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$16\r\n" + sixteen + "\r\n")).isEqualTo("SET|k|" + sixteen);
        assertThat(decodeOne("x".repeat(32) + "\r\n")).isEqualTo("x".repeat(32));
    }

    @Test
    void limitsBiteOnTheDeclarationAlone() {
        assertRejected("*4\r\n", "invalid multibulk length");
        assertRejected("*1\r\n$17\r\n", "invalid bulk length");
        assertRejected("*2\r\n$16\r\n0123456789abcdef\r\n$5\r\n", "request of more than 20 bytes");
        assertRejected("x".repeat(33), "too big inline request");
        assertRejected("x".repeat(33) + "\n", "too big inline request");
        assertRejected("*" + "1".repeat(40), "too big mbulk count string");
        assertRejected("*1\r\n$" + "1".repeat(40), "too big bulk count string");
        assertRejected("a b c d\r\n", "too many arguments in inline request");
    }

    @Test
    void theMostNegativeCountIsAnEmptyRequestAndOverflowingLengthsAreInvalid() {
        assertThat(decodeOne("*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n")).isEqualTo("PING");
        assertRejected("*1\r\n$99999999999999999999\r\n", "invalid bulk length");
        assertRejected("*1\r\n$-9223372036854775808\r\n", "invalid bulk length");
    }

    @Test
    void malformedRequestsAreRejected() {
        assertRejected("*2\r\n$abc\r\n", "invalid bulk length");
        assertRejected("*1\r\n$-1\r\n", "invalid bulk length");
        assertRejected("*x\r\n", "invalid multibulk length");
        assertRejected("*01\r\n", "invalid multibulk length");
        assertRejected("*1\r\n:1\r\n", "expected '$', got ':'");
        assertRejected("*1\r\n$4\r\nPINGxx", "bulk string not followed by CRLF");
    }

    @Test
    void inlineWordsAreSplitAsRedisSplitsThem() {
        assertThat(decodeOne("SET q \"hello world\"\r\n")).isEqualTo("SET|q|hello world");
        assertThat(decodeOne("e \"a\\x41\\n\"\r\n")).isEqualTo("e|aA\n");
        assertThat(decodeOne("e \"\\n\\r\\t\\b\\a\\\\\\\"\\z\"\r\n")).isEqualTo("e|\n\r\t\b\u0007\\\"z");
        assertThat(decodeOne("e \"\\x4g\\xZZ\\x7e\"\r\n")).isEqualTo("e|x4gxZZ~");
        assertThat(decodeOne("e 'it\\'s' 'a\\nb'\r\n")).isEqualTo("e|it's|a\\nb");
        assertThat(decodeOne("e ab\"c d\" x'y z'\r\n")).isEqualTo("e|abc d|xy z");
        assertThat(decodeOne("e \"\" ''\r\n")).isEqualTo("e||");
        assertThat(decodeOne("e\t\"'\" '\"'\r\n")).isEqualTo("e|'|\"");
        assertThat(decodeOne("\u000be a\u000bb \"x\"\u000c\r\n")).isEqualTo("e|a\u000bb|x");
        assertThat(decodeOne("e a\rb\r\n")).isEqualTo("e|a|b");
        assertThat(decodeOne("e \"\\x00z\" a\u0000 ignored \"\r\n")).isEqualTo("e|\u0000z|a");
    }

    @Test
    void unbalancedQuotesAreRejected() {
        for (String line : List.of("e \"abc", "e 'abc", "e \"abc\"def", "e 'abc'def", "e \"a\\", "e \"\\\"",
                "e 'a\\'")) {
            assertRejected(line + "\r\n", "unbalanced quotes in request");
        }
    }

    private static void drain(RequestDecoder decoder, RingBuffer in, List<String> decoded) {
        Request request;
        while ((request = decoder.decode(in)) != null) {
            decoded.add(words(request));
        }
    }

    private static void drainWithCommands(RequestDecoder decoder, RingBuffer in, List<String> decoded) {
        Request request;
        while ((request = decoder.decode(in)) != null) {
            decoded.add(words(request) + " " + (request.command() == null ? null : request.command().name()));
        }
    }

    private static String decodeOne(String input) {
        RingBuffer in = new RingBuffer();
        in.write(input.getBytes(StandardCharsets.ISO_8859_1));
        Request request = new RequestDecoder(SMALL).decode(in);
        assertThat(request).as("a request from %s", input).isNotNull();
        return words(request);
    }

    private static void assertRejected(String input, String message) {
        RingBuffer in = new RingBuffer();
        in.write(input.getBytes(StandardCharsets.ISO_8859_1));
        RequestDecoder decoder = new RequestDecoder(SMALL);
        assertThatThrownBy(() -> {
            while (decoder.decode(in) != null) {
                // requests before the bad part are fine
            }
        }).as(input).isInstanceOf(FrameException.class).hasMessage(message);
    }

    /** The words of a request joined by {@code |}. */
    private static String words(Request request) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < request.size(); i++) {
            words.add(request.text(i));
        }
        return String.join("|", words);
    }
}
