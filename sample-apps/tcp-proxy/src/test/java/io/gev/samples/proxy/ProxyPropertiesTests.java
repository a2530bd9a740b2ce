package io.gev.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code proxy.*} bound as application.yml gives it (defaults, each form of address, each rule checked), and as the
 * generated metadata describes it.
 */
class ProxyPropertiesTests {

    private static ProxyProperties bind(String... keyValues) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        for (int i = 0; i < keyValues.length; i += 2) {
            source.put(keyValues[i], keyValues[i + 1]);
        }
        return new Binder(source).bindOrCreate("proxy", ProxyProperties.class);
    }

    @Test
    void defaults() {
        ProxyProperties p = bind();
        assertThat(p.upstreamAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", 1833));
        assertThat(p.balance()).isEqualTo(ProxyProperties.Balance.ROUND_ROBIN);
        assertThat(p.connectAttempts()).isEqualTo(2);
        assertThat(p.sendProxy()).isEqualTo(ProxyProperties.SendProxy.OFF);
        assertThat(p.health().fall()).isEqualTo(3);
        assertThat(p.health().rise()).isEqualTo(2);
    }

    @Test
    void upstreamsAsAListOrCommaSeparatedWithIpv6InBrackets() {
        ProxyProperties p = bind("proxy.upstreams", "10.0.0.1:80,[::1]:6379", "proxy.balance", "least-connections",
                "proxy.send-proxy", "v2");
        assertThat(p.upstreamAddresses()).containsExactly(new InetSocketAddress("10.0.0.1", 80),
                new InetSocketAddress("::1", 6379));
        assertThat(p.balance()).isEqualTo(ProxyProperties.Balance.LEAST_CONNECTIONS);
        assertThat(p.sendProxy()).isEqualTo(ProxyProperties.SendProxy.V2);
        assertThat(bind("proxy.upstreams[0]", "localhost:1", "proxy.upstreams[1]", "127.0.0.2:2").upstreams())
                .isEqualTo(List.of("localhost:1", "127.0.0.2:2"));
    }

    @Test
    void eachWrongSettingIsNamed() {
        assertRefused("proxy.upstreams must name 1 to 64", "proxy.upstreams", "");
        assertRefused("'host' is not host:port", "proxy.upstreams", "host");
        assertRefused("'h:70000' is not host:port", "proxy.upstreams", "h:70000");
        assertRefused("'[::1]' is not host:port", "proxy.upstreams", "[::1]");
        assertRefused("'nosuch.invalid:1833': no address is known for nosuch.invalid", "proxy.upstreams",
                "127.0.0.1:1833,nosuch.invalid:1833");
        assertRefused("'localhost:1833' and '127.0.0.1:1833' are the same upstream, 127.0.0.1:1833", "proxy.upstreams",
                "localhost:1833,10.0.0.1:1833,127.0.0.1:1833");
        assertRefused("proxy.connect-attempts must be 1 or more", "proxy.connect-attempts", "0");
        assertRefused("proxy.connect-timeout must be positive", "proxy.connect-timeout", "0s");
        assertRefused("proxy.health.interval must be positive", "proxy.health.interval", "0s");
        assertRefused("proxy.health.fall and proxy.health.rise must be 1 or more", "proxy.health.rise", "0");
    }

    @Test
    void everySettingIsInTheGeneratedMetadataWithItsDefaultAndDescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, JsonNode> proxy = new TreeMap<>();
        metadata.path("properties").forEach(p -> {
            if (p.path("name").asString().startsWith("proxy.")) {
                proxy.put(p.path("name").asString(), p);
            }
        });
        assertThat(proxy).containsOnlyKeys("proxy.upstreams", "proxy.balance", "proxy.connect-timeout",
                "proxy.connect-attempts", "proxy.send-proxy", "proxy.health.interval", "proxy.health.timeout",
                "proxy.health.fall", "proxy.health.rise");
        proxy.forEach((name, p) -> {
            assertThat(p.path("description").asString()).as(name).isNotBlank().doesNotContain("{@");
            assertThat(p.has("defaultValue")).as(name).isTrue();
        });
        assertThat(proxy.get("proxy.balance").path("defaultValue").asString()).isEqualTo("round-robin");
    }

    private static void assertRefused(String message, String key, String value) {
        assertThatThrownBy(() -> bind(key, value)).isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining(message);
    }
}
