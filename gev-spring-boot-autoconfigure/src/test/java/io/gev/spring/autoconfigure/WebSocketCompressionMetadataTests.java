package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compression properties reach the generated metadata, each with its default and a description (IDE help). */
class WebSocketCompressionMetadataTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "enabled, true",
        "level, 6",
        "min-size, \"64B\"",
        "server-no-context-takeover, false",
        "client-no-context-takeover, false",
    })
    void eachPropertyIsDescribedWithItsDefault(String name, String defaultValue) throws Exception {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Pattern entry = Pattern.compile("\\{[^{}]*\"name\": \"gev\\.protocol\\.websocket\\.compression\\."
                + Pattern.quote(name) + "\"[^{}]*}");
        var matcher = entry.matcher(metadata);
        assertThat(matcher.find()).as(name).isTrue();
        assertThat(matcher.group()).containsPattern("\"description\": \"[A-Z][^\"]{10,}\"")
                .contains("\"defaultValue\": " + defaultValue);
    }
}
