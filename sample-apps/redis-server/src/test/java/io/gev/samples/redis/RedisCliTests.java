package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.cli;
import static io.gev.samples.redis.RedisTools.cliWithInput;
import static io.gev.samples.redis.RedisTools.multibulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample as redis-cli sees it: every command through the real client, each output asserted exactly as redis-cli
 * prints it ({@code --no-raw}). Each test uses keys of its own; the ones that count keys flush first.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(60)
class RedisCliTests {

    @Value("${local.gev.port}")
    int port;

    @Test
    void pingAndEcho() {
        assertThat(port).isPositive().isNotEqualTo(6380);
        assertThat(cli(port, "PING")).isEqualTo("PONG");
        assertThat(cli(port, "ping", "hello world")).isEqualTo("\"hello world\"");
        assertThat(cli(port, "ECHO", "gev")).isEqualTo("\"gev\"");
        assertThat(cli(port, "ECHO", "")).isEqualTo("\"\"");
    }

    @Test
    void setGetDelExists() {
        assertThat(cli(port, "SET", "cli:a", "1")).isEqualTo("OK");
        assertThat(cli(port, "set", "cli:b", "two words")).isEqualTo("OK");
        assertThat(cli(port, "GET", "cli:a")).isEqualTo("\"1\"");
        assertThat(cli(port, "GET", "cli:b")).isEqualTo("\"two words\"");
        assertThat(cli(port, "GET", "cli:none")).isEqualTo("(nil)");
        assertThat(cli(port, "EXISTS", "cli:a", "cli:b", "cli:a", "cli:none")).isEqualTo("(integer) 3");
        assertThat(cli(port, "SET", "cli:a", "x", "NX")).isEqualTo("(nil)");
        assertThat(cli(port, "SET", "cli:none", "x", "XX")).isEqualTo("(nil)");
        assertThat(cli(port, "SET", "cli:a", "3", "XX")).isEqualTo("OK");
        assertThat(cli(port, "GET", "cli:a")).isEqualTo("\"3\"");
        assertThat(cli(port, "DEL", "cli:a", "cli:b", "cli:none")).isEqualTo("(integer) 2");
        assertThat(cli(port, "EXISTS", "cli:a")).isEqualTo("(integer) 0");
        assertThat(cli(port, "GET", "cli:a")).isEqualTo("(nil)");
    }

    @Test
    void dbsizeAndFlushall() {
        assertThat(cli(port, "FLUSHALL")).isEqualTo("OK");
        assertThat(cli(port, "DBSIZE")).isEqualTo("(integer) 0");
        cli(port, "SET", "size:1", "a");
        cli(port, "SET", "size:2", "b");
        cli(port, "SET", "size:3", "c", "EX", "100");
        assertThat(cli(port, "DBSIZE")).isEqualTo("(integer) 3");
        assertThat(cli(port, "FLUSHALL")).isEqualTo("OK");
        assertThat(cli(port, "DBSIZE")).isEqualTo("(integer) 0");
        assertThat(cli(port, "GET", "size:3")).isEqualTo("(nil)");
    }

    @Test
    void incrCountsAndRefusesWhatIsNotAnInteger() {
        assertThat(cli(port, "INCR", "incr:n")).isEqualTo("(integer) 1");
        assertThat(cli(port, "INCR", "incr:n")).isEqualTo("(integer) 2");
        assertThat(cli(port, "GET", "incr:n")).isEqualTo("\"2\"");
        cli(port, "SET", "incr:s", "abc");
        assertThat(cli(port, "INCR", "incr:s")).isEqualTo("(error) ERR value is not an integer or out of range");
        cli(port, "SET", "incr:max", Long.toString(Long.MAX_VALUE));
        assertThat(cli(port, "INCR", "incr:max")).isEqualTo("(error) ERR increment or decrement would overflow");
    }

    @Test
    void setWithExAndExpireGiveATtl() {
        // each command and its TTL on one connection, back to back: TTL rounds to whole seconds, as Redis does
        assertThat(session("SET ttl:ex v EX 100\nTTL ttl:ex\n")).isEqualTo("OK\n(integer) 100\n");
        cli(port, "SET", "ttl:plain", "v");
        assertThat(cli(port, "TTL", "ttl:plain")).isEqualTo("(integer) -1");
        assertThat(cli(port, "TTL", "ttl:none")).isEqualTo("(integer) -2");
        assertThat(session("EXPIRE ttl:plain 50\nTTL ttl:plain\n")).isEqualTo("(integer) 1\n(integer) 50\n");
        assertThat(cli(port, "EXPIRE", "ttl:none", "50")).isEqualTo("(integer) 0");
        assertThat(cli(port, "SET", "ttl:ex", "w")).isEqualTo("OK"); // a plain SET drops the time to live
        assertThat(cli(port, "TTL", "ttl:ex")).isEqualTo("(integer) -1");
        assertThat(cli(port, "EXPIRE", "ttl:ex", "0")).isEqualTo("(integer) 1"); // 0 or less: deleted at once
        assertThat(cli(port, "EXISTS", "ttl:ex")).isEqualTo("(integer) 0");
        assertThat(cli(port, "SET", "ttl:bad", "v", "EX", "0"))
                .isEqualTo("(error) ERR invalid expire time in 'set' command");
        assertThat(cli(port, "SET", "ttl:bad", "v", "EX", "soon"))
                .isEqualTo("(error) ERR value is not an integer or out of range");
        assertThat(cli(port, "SET", "ttl:bad", "v", "EX", "1", "PX", "1")).isEqualTo("(error) ERR syntax error");
    }

    @Test
    void pxExpiryIsObservedAndTheTimerDeletesAKeyNobodyReads() {
        assertThat(cli(port, "FLUSHALL")).isEqualTo("OK");
        // SET then GET on one connection, well inside the 800 ms
        assertThat(session("SET px:read v PX 800\nGET px:read\n")).isEqualTo("OK\n\"v\"\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cli(port, "GET", "px:read").equals("(nil)"));

        // nobody reads this one and DBSIZE checks no expiry: only the gev timer can delete it
        assertThat(cli(port, "SET", "px:timer", "v", "PX", "100")).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cli(port, "DBSIZE").equals("(integer) 0"));
    }

    @Test
    void errorsAreRepliesAndTheConnectionStaysOpen() {
        assertThat(cli(port, "NOSUCHCMD", "a"))
                .isEqualTo("(error) ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' ");
        assertThat(cli(port, "GET")).isEqualTo("(error) ERR wrong number of arguments for 'get' command");
        assertThat(cli(port, "ping", "a", "b")).isEqualTo("(error) ERR wrong number of arguments for 'ping' command");
        // one connection: every command after an error is still answered
        assertThat(session("nosuchcmd\nSET err:k 1\nGET\nINCR err:k\n")).isEqualTo("""
                (error) ERR unknown command 'nosuchcmd', with args beginning with:\s
                OK
                (error) ERR wrong number of arguments for 'get' command
                (integer) 2
                """);
    }

    @Test
    void introspectionThatRedisClientsSend() {
        // redis-cli asks for COMMAND DOCS when an interactive session starts (for its hints); redis-benchmark for
        // CONFIG GET save and appendonly before it starts
        assertThat(cli(port, "COMMAND", "COUNT")).matches("\\(integer\\) \\d+")
                .isEqualTo("(integer) " + cli(port, "COMMAND", "LIST").lines().count());
        assertThat(cli(port, "COMMAND", "DOCS", "get")).isEqualTo("""
                1) "get"
                2)  1) "summary"
                    2) "Returns the value of a key."
                    3) "since"
                    4) "1.0.0"
                    5) "group"
                    6) "string"
                    7) "complexity"
                    8) "O(1)"
                    9) "arguments"
                   10) 1) 1) "name"
                          2) "key"
                          3) "type"
                          4) "key"
                          5) "key_spec_index"
                          6) (integer) 0""");
        assertThat(cli(port, "CONFIG", "GET", "*")).contains("\"save\"", "\"appendonly\"");
        assertThat(cli(port, "CONFIG", "GET", "appendonly")).isEqualTo("1) \"appendonly\"\n2) \"no\"");
        assertThat(cli(port, "CONFIG", "GET", "nosuchparameter")).isEqualTo("(empty array)");
        assertThat(cli(port, "CONFIG", "SET", "a", "b"))
                .isEqualTo("(error) ERR Unknown option or number of arguments for CONFIG SET - 'a'");
    }

    @Test
    void pipeModeSendsThousandsOfCommandsAndCountsEveryReply() {
        StringBuilder protocol = new StringBuilder();
        int keys = 2_000;
        for (int i = 0; i < keys; i++) {
            protocol.append(multibulk("SET", "pipe:" + i, "value-" + i));
            protocol.append(multibulk("INCR", "pipe:counter"));
        }
        RedisTools.Result pipe = cliWithInput(port, protocol.toString(), "--pipe");
        assertThat(pipe.exitCode()).as("stderr: %s", pipe.stderr()).isZero();
        assertThat(pipe.stdout()).endsWith("errors: 0, replies: " + 2 * keys + "\n");
        assertThat(cli(port, "GET", "pipe:0")).isEqualTo("\"value-0\"");
        assertThat(cli(port, "GET", "pipe:" + (keys - 1))).isEqualTo("\"value-" + (keys - 1) + "\"");
        assertThat(cli(port, "GET", "pipe:counter")).isEqualTo("\"" + keys + "\"");
    }

    /** What redis-cli prints for {@code commands}, one a line, sent on one connection. */
    private String session(String commands) {
        RedisTools.Result result = cliWithInput(port, commands);
        assertThat(result.exitCode()).as("redis-cli exit code; stderr: %s", result.stderr()).isZero();
        return result.stdout();
    }
}
