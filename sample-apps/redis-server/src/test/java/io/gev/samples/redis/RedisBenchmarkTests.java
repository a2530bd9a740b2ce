package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.ServerStats;
import io.gev.spring.autoconfigure.GevServers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * redis-benchmark, pipelining 16 requests on each of 50 connections, runs PING (inline and multibulk), SET and GET
 * to the end without an error; what its SETs stored is then read back. The rates are printed, not asserted.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(180)
class RedisBenchmarkTests {

    private static final List<String> TESTS = List.of("PING_INLINE", "PING_MBULK", "SET", "GET");

    @Value("${local.gev.port}")
    int port;

    @Autowired
    GevServers servers;

    @Test
    void redisBenchmarkRunsEveryTestAndItsSetsAreStored() {
        ServerStats stats = servers.get(GevServers.DEFAULT).stats();
        long protocolErrors = stats.protocolErrors();
        long handlerErrors = stats.handlerErrors();

        RedisTools.Result run = RedisTools.run(null, Duration.ofSeconds(150), List.of("redis-benchmark",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-P", "16", "-t", "ping,set,get", "-n", "100000",
                "-c", "50", "--csv"));

        assertThat(run.exitCode()).as("redis-benchmark exit code; stderr: %s", run.stderr()).isZero();
        assertThat(run.stderr()).as("no warning (CONFIG GET is answered) and no error").isEmpty();
        Map<String, Double> rps = requestsPerSecond(run.stdout());
        assertThat(rps.keySet()).containsExactlyElementsOf(TESTS);
        rps.forEach((test, rate) -> {
            System.out.printf("redis-benchmark -P 16 -c 50 -n 100000: %-11s %,12.0f requests/s%n", test, rate);
            assertThat(rate).as("requests per second of %s", test).isPositive();
        });
        assertThat(stats.protocolErrors()).isEqualTo(protocolErrors);
        assertThat(stats.handlerErrors()).isEqualTo(handlerErrors);

        // without -r every SET writes the one key "key:__rand_int__"; its -d 3 value is the first 3 bytes of
        // redis-benchmark's payload
        assertThat(RedisTools.cli(port, "GET", "key:__rand_int__")).isEqualTo("\"" + benchmarkPayload(3) + "\"");
    }

    /**
     * The test names and rates of redis-benchmark's CSV: a header line {@code "test","rps",...}, then one line per
     * test like {@code "SET","452488.69","1.694",...}.
     */
    private static Map<String, Double> requestsPerSecond(String csv) {
        List<String> lines = csv.lines().toList();
        assertThat(lines).as("CSV output").isNotEmpty();
        assertThat(lines.get(0)).startsWith("\"test\",\"rps\",");
        Map<String, Double> rps = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.replace("\"", "").split(",");
            assertThat(fields).as("CSV row %s", line).hasSize(8);
            rps.put(fields[0], Double.parseDouble(fields[1]));
        }
        return rps;
    }

    /**
     * The value redis-benchmark 7 SETs: {@code genBenchmarkRandomData}, a linear congruential generator with the fixed
     * seed 1234, one character {@code '0' + 6 bits} per byte (older versions sent {@code xxx}).
     */
    private static String benchmarkPayload(int size) {
        StringBuilder data = new StringBuilder(size);
        int state = 1234;
        for (int i = 0; i < size; i++) {
            state = state * 1103515245 + 12345;
            data.append((char) ('0' + ((state >>> 16) & 63)));
        }
        return data.toString();
    }
}
