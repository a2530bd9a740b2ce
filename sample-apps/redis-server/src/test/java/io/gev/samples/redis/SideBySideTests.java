package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample and a real redis-server side by side: every script in {@code src/test/resources/side-by-side} (see
 * {@link SideBySideScript} for the format) is sent to both, in RESP2 and in RESP3 ({@code HELLO 3} first), each
 * starting from an empty keyspace, and every reply must match Redis's byte for byte unless the script says
 * otherwise. All the differences of a script are reported together, with their lines.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(120)
class SideBySideTests {

    private static final int MAX_SCAN_CALLS = 100_000;

    @RegisterExtension
    static final RealRedis redis = new RealRedis();

    @Value("${local.gev.port}")
    int port;

    static Stream<Arguments> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(SideBySideTests.class.getResource("/side-by-side")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted()
                    .flatMap(name -> Stream.of(Arguments.of(name, 2), Arguments.of(name, 3))).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} in RESP{1}")
    @MethodSource("scripts")
    void repliesMatchRedisByteForByte(String name, int protocol) throws IOException {
        SideBySideScript script = SideBySideScript.load(name);
        try (RespConnection sample = new RespConnection(port); RespConnection real = new RespConnection(redis.port())) {
            if (protocol == 3) {
                assumeTrue(send(sample, "HELLO 3").type() != '-', "the sample does not speak RESP3 yet");
                send(real, "HELLO 3");
            }
            send(sample, "FLUSHALL");
            send(real, "FLUSHALL");
            List<String> differences = new ArrayList<>();
            for (SideBySideScript.Step step : script.steps()) {
                String expected = outcome(real, step);
                String actual = outcome(sample, step);
                if (!expected.equals(actual)) {
                    differences.add("line " + step.line() + ": " + step.text() + "\n    redis:  " + expected
                            + "\n    sample: " + actual);
                }
            }
            assertThat(differences).as("replies that differ from redis-server's in %s, RESP%d", name, protocol)
                    .isEmpty();
        }
    }

    /** What the replies to {@code step} come to, as far as the step compares them. */
    private static String outcome(RespConnection connection, SideBySideScript.Step step) throws IOException {
        if (step.comparison() == SideBySideScript.Comparison.SCAN) {
            return scanned(connection, step);
        }
        connection.send(step.request());
        RespValue reply = connection.reply();
        return switch (step.comparison()) {
            case EXACT -> reply.shown();
            case TYPE -> "a reply of type " + reply.type();
            case IGNORE -> "(not compared)";
            default -> unordered(reply);
        };
    }

    /** The elements of an aggregate, sorted (a map's entries as pairs); a scalar as it is. */
    private static String unordered(RespValue reply) {
        if (reply.elements().isEmpty()) {
            return reply.shown();
        }
        TreeSet<String> elements = new TreeSet<>();
        boolean map = reply.type() == '%';
        for (int i = 0; i < reply.elements().size(); i += map ? 2 : 1) {
            elements.add(map ? reply.elements().get(i).shown() + " => " + reply.elements().get(i + 1).shown()
                    : reply.elements().get(i).shown());
        }
        return reply.type() + " of " + elements;
    }

    /** The keys a whole SCAN iteration returns, the step's request being its first call (cursor 0), as a set. */
    private static String scanned(RespConnection connection, SideBySideScript.Step step) throws IOException {
        List<byte[]> words = new ArrayList<>(SideBySideScript.words(step.text()));
        TreeSet<String> keys = new TreeSet<>();
        for (int calls = 0; calls < MAX_SCAN_CALLS; calls++) {
            connection.send(SideBySideScript.multibulk(words));
            RespValue reply = connection.reply();
            if (reply.type() != '*') {
                return reply.shown();
            }
            reply.elements().get(1).elements().forEach(key -> keys.add(key.shown()));
            String cursor = reply.elements().get(0).text();
            if (cursor.equals("0")) {
                return "keys " + keys;
            }
            words.set(1, cursor.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return "no end after " + MAX_SCAN_CALLS + " calls";
    }

    private static RespValue send(RespConnection connection, String inline) throws IOException {
        connection.send(inline + "\r\n");
        return connection.reply();
    }
}
