package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.multibulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.ServerStats;
import io.gev.spring.autoconfigure.GevServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * RESP over plain sockets, byte for byte: pipelining, inline and multibulk requests mixed, a request split across
 * many writes, bad requests (each closes its own connection only, after Redis's error) and QUIT.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(60)
class RawSocketTests {

    @Value("${local.gev.port}")
    int port;

    @Autowired
    GevServers servers;

    @Test
    void hundredPipelinedCommandsInOneWriteGetHundredRepliesInOrder() throws IOException {
        StringBuilder requests = new StringBuilder();
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String value = "v" + i;
            requests.append(multibulk("SET", "pipelined:" + i, value)).append(multibulk("GET", "pipelined:" + i));
            replies.append("+OK\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        try (RespConnection connection = new RespConnection(port)) {
            connection.send(requests.toString());
            connection.expect(replies.toString());
        }
    }

    @Test
    void inlineAndMultibulkRequestsMixInOneStream() throws IOException {
        String requests = "PING\r\n"
                + multibulk("SET", "mixed:k", "hello")
                + "GET mixed:k\r\n"
                + "\r\n"                                   // blank lines and *0 are skipped, as Redis does
                + multibulk()
                + "exists  mixed:k\tmixed:none mixed:k\n"  // spaces, a tab and a bare LF
                + multibulk("ECHO", "two words")
                + "ping\r\n";
        try (RespConnection connection = new RespConnection(port)) {
            connection.send(requests);
            connection.expect("+PONG\r\n+OK\r\n$5\r\nhello\r\n:2\r\n$9\r\ntwo words\r\n+PONG\r\n");
        }
    }

    @Test
    void inlineArgumentsAreQuotedAsRedisQuotesThem() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("SET quoted:k \"hello world\"\r\nGET quoted:k\r\n"
                    + "SET quoted:k \"a\\x41\\n\\\"\\\\\"\r\nGET quoted:k\r\n"
                    + "SET quoted:k 'it\\'s \"x\"'\r\nGET quoted:k\r\n"
                    + "ECHO pre\"fix ed\"\r\nECHO \"\"\r\n");
            connection.expect("+OK\r\n$11\r\nhello world\r\n+OK\r\n$5\r\naA\n\"\\\r\n+OK\r\n$8\r\nit's \"x\"\r\n"
                    + "$9\r\nprefix ed\r\n$0\r\n\r\n");
        }
    }

    @Test
    void aRequestSplitAcrossManyWritesIsAssembled() throws IOException {
        byte[] value = new byte[1 << 20];
        Arrays.fill(value, (byte) 'z');
        try (RespConnection connection = new RespConnection(port)) {
            for (char c : ("*3\r\n$3\r\nSET\r\n$7\r\nsplit:k\r\n$" + value.length + "\r\n").toCharArray()) {
                connection.send(String.valueOf(c)); // one byte per segment: Nagle is off on both ends
            }
            for (int off = 0; off < value.length; off += 10_000) {
                connection.send(Arrays.copyOfRange(value, off, Math.min(off + 10_000, value.length)));
            }
            connection.send("\r\n");
            connection.expect("+OK\r\n");

            connection.send("GET split:k\r\n");
            connection.expect("$" + value.length + "\r\n" + new String(value, StandardCharsets.ISO_8859_1) + "\r\n");
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("a bulk length that is no number", "*2\r\n$abc\r\n", "invalid bulk length"),
                Arguments.of("a bulk of 1 TB declared", "*1\r\n$999999999999\r\n", "invalid bulk length"),
                Arguments.of("a bulk over the 8 MiB limit", "*2\r\n$8388609\r\n", "invalid bulk length"),
                Arguments.of("more than 1M arguments", "*1048577\r\n", "invalid multibulk length"),
                Arguments.of("an argument without its '$'", "*2\r\n*3\r\n", "expected '$', got '*'"),
                Arguments.of("an inline request over 64 KiB", "a".repeat(64 * 1024 + 1), "too big inline request"),
                Arguments.of("an unbalanced quote", "SET k \"abc\r\n", "unbalanced quotes in request"),
                Arguments.of("a closing quote inside a word", "SET k 'abc'def\r\n", "unbalanced quotes in request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestClosesOnlyItsConnectionAfterAnErrorReply(String what, String request, String error)
            throws IOException {
        ServerStats stats = servers.get(GevServers.DEFAULT).stats();
        long protocolErrors = stats.protocolErrors();
        try (RespConnection bystander = new RespConnection(port); RespConnection offender = new RespConnection(port)) {
            bystander.send("PING\r\n");
            bystander.expect("+PONG\r\n");

            // the request before the bad one is answered; nothing follows the bad one, so the server must not wait
            // for what it declared
            offender.send("PING\r\n" + request);
            offender.expect("+PONG\r\n-ERR Protocol error: " + error + "\r\n");
            offender.expectEndOfStream();

            bystander.send("ECHO still-here\r\n");
            bystander.expect("$10\r\nstill-here\r\n");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(stats.protocolErrors()).as("decode errors").isEqualTo(protocolErrors + 1));
    }

    @Test
    void quitRepliesOkAndClosesWithoutRunningWhatFollows() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("SET quit:k 1\r\nQUIT\r\nSET quit:k 2\r\n");
            connection.expect("+OK\r\n+OK\r\n");
            connection.expectEndOfStream();
        }
        assertThat(RedisTools.cli(port, "GET", "quit:k")).isEqualTo("\"1\"");
    }
}
