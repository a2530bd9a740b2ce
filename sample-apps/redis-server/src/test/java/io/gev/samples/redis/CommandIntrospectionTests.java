package io.gev.samples.redis;

import static io.gev.samples.redis.RedisTools.multibulk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What the sample says of each of its commands, checked against a real redis-server 7.0: {@code COMMAND INFO}'s name,
 * arity, flags, key positions, ACL categories and tips byte for byte, and {@code COMMAND DOCS}'s group, version and
 * argument tree (names, types, tokens, flags, key specification indexes: what redis-cli builds its hints from). The
 * summaries and complexities are the sample's own words.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(60)
class CommandIntrospectionTests {

    /** The fields of an argument that hints depend on. */
    private static final Set<String> ARGUMENT_FIELDS = Set.of("name", "type", "token", "flags", "key_spec_index",
            "arguments");

    @RegisterExtension
    static final RealRedis redis = new RealRedis();

    @Value("${local.gev.port}")
    int port;

    @Test
    void everyCommandIsDescribedAsRedisDescribesIt() throws IOException {
        try (RespConnection sample = new RespConnection(port); RespConnection real = new RespConnection(redis.port())) {
            List<String> names = send(sample, "COMMAND", "LIST").elements().stream().map(RespValue::text).toList();
            assertThat(names).hasSize(Integer.parseInt(send(sample, "COMMAND", "COUNT").text()))
                    .contains("get", "set", "scan", "config", "command", "info", "hello", "client");
            List<String> differences = new ArrayList<>();
            for (String name : names) {
                List<RespValue> expected = send(real, "COMMAND", "INFO", name).elements().get(0).elements();
                List<RespValue> actual = send(sample, "COMMAND", "INFO", name).elements().get(0).elements();
                for (int i = 0; i < 8; i++) { // name, arity, flags, first key, last key, step, categories, tips
                    if (!expected.get(i).raw().equals(actual.get(i).raw())) {
                        differences.add(name + " COMMAND INFO field " + i + ": redis " + expected.get(i).shown()
                                + ", sample " + actual.get(i).shown());
                    }
                }
                String expectedDocs = docs(real, name);
                String actualDocs = docs(sample, name);
                if (!expectedDocs.equals(actualDocs)) {
                    differences.add(name + " COMMAND DOCS:\n  redis  " + expectedDocs + "\n  sample " + actualDocs);
                }
            }
            assertThat(differences).isEmpty();
        }
    }

    /** Group, version and argument tree of {@code COMMAND DOCS name}. */
    private static String docs(RespConnection connection, String name) throws IOException {
        List<RespValue> fields = send(connection, "COMMAND", "DOCS", name).elements().get(1).elements();
        TreeMap<String, String> kept = new TreeMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            String field = fields.get(i).text();
            if (field.equals("group") || field.equals("since")) {
                kept.put(field, fields.get(i + 1).text());
            } else if (field.equals("arguments")) {
                kept.put(field, arguments(fields.get(i + 1)));
            }
        }
        return kept.toString();
    }

    private static String arguments(RespValue arguments) {
        List<String> out = new ArrayList<>();
        for (RespValue argument : arguments.elements()) {
            TreeMap<String, String> kept = new TreeMap<>();
            List<RespValue> fields = argument.elements();
            for (int i = 0; i < fields.size(); i += 2) {
                String field = fields.get(i).text();
                RespValue value = fields.get(i + 1);
                if (ARGUMENT_FIELDS.contains(field)) {
                    kept.put(field, field.equals("arguments") ? arguments(value) : value.shown());
                }
            }
            out.add(kept.toString());
        }
        return out.toString();
    }

    private static RespValue send(RespConnection connection, String... words) throws IOException {
        connection.send(multibulk(words));
        return connection.reply();
    }
}
