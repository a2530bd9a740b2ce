package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * redis-py, unchanged, against the sample: {@code clients/redis_py_compat.py} run by {@code python3} with the client's
 * default settings (redis-py 8 connects with {@code HELLO 3} and {@code CLIENT SETINFO}) and with {@code protocol=2}
 * and {@code 3}: commands, options, client introspection, a pipeline and 8 threads sharing one connection pool, every
 * reply asserted by the script. A missing redis-py fails the test and says what to install: CI installs it.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(120)
class RedisPyTests {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    @Value("${local.gev.port}")
    int port;

    @BeforeAll
    static void redisPyIsInstalled() {
        RedisTools.Result result = RedisTools.run(null, Duration.ofSeconds(30),
                List.of("python3", "-c", "import redis; print(redis.__version__)"));
        if (result.exitCode() != 0) {
            fail("redis-py cannot be imported (%s): install it with `pip install redis` (.ci/run does)",
                    result.stderr().strip());
        }
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = { "default", "2", "3" })
    void redisPyWorksUnchanged(String protocol) throws URISyntaxException {
        Path script = Path.of(RedisPyTests.class.getResource("/clients/redis_py_compat.py").toURI());
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), Integer.toString(port)));
        if (!protocol.equals("default")) {
            command.add(protocol);
        }
        RedisTools.Result result = RedisTools.run(null, SCRIPT_TIMEOUT, command);
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
        String resp = protocol.equals("2") ? "resp2" : "resp3"; // redis-py 8 speaks RESP3 unless told otherwise
        assertThat(result.stdout()).matches("redis-py \\d+\\.\\d+\\.\\d+ " + resp
                + ": 4000 threaded SET/GET and a 400-command pipeline checked\n");
    }
}
