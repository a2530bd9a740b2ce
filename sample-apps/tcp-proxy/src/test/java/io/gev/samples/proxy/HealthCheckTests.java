package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.HTTP;
import static io.gev.samples.proxy.ProxyFixture.get;
import static io.gev.samples.proxy.ProxyFixture.port;
import static io.gev.samples.proxy.ProxyFixture.upstreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Active health checks with real upstreams that stop and start again on the same port, seen the way an operator sees
 * them: {@code /actuator/proxy}, {@code /actuator/health} and the meters; and clients going only where an upstream is
 * up.
 */
class HealthCheckTests {

    private static final String FAST_CHECKS = "--proxy.health.interval=100ms";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final ProxyFixture fixture = new ProxyFixture();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anUpstreamThatStopsIsTakenOutAndComesBackWhenItListensAgain() throws Exception {
        GevServer a = fixture.named("a", 0);
        GevServer b = fixture.named("b", 0);
        int aPort = a.port();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(a, b), HTTP, FAST_CHECKS,
                "--proxy.health.timeout=500ms", "--proxy.health.fall=2", "--proxy.health.rise=3");
        MeterRegistry meters = proxy.getBean(MeterRegistry.class);
        String aName = "127.0.0.1:" + aPort;
        assertThat(meters.get("proxy.upstream.up").tag("upstream", aName).gauge().value()).isEqualTo(1);

        a.stop();
        await().atMost(WAIT).until(() -> "DOWN".equals(upstream(proxy, 0).path("state").asString()));
        JsonNode down = upstream(proxy, 0);
        assertThat(down.path("address").asString()).isEqualTo(aName);
        assertThat(down.path("checkFailures").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(upstream(proxy, 1).path("state").asString()).isEqualTo("UP");
        assertThat(meters.get("proxy.upstream.up").tag("upstream", aName).gauge().value()).isZero();
        assertThat(meters.get("proxy.upstream.check.failures").tag("upstream", aName).functionCounter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(json.readTree(get(proxy, "/actuator/health/proxy")).path("status").asString()).isEqualTo("UP");
        for (int i = 0; i < 4; i++) {
            assertThat(fixture.ask(port(proxy), "hi")).as("only b is up").isEqualTo("b");
        }
        assertThat(proxy.getBean(Upstreams.class).retries()).as("no client was sent to a").isZero();

        fixture.named("a again", aPort);
        await().atMost(WAIT).until(() -> "UP".equals(upstream(proxy, 0).path("state").asString()));
        assertThat(meters.get("proxy.upstream.up").tag("upstream", aName).gauge().value()).isEqualTo(1);
        assertThat(fixture.ask(port(proxy), "hi") + fixture.ask(port(proxy), "hi")).contains("a again");
    }

    @Test
    void theProxyIsDownWhileNoUpstreamIsUp() throws Exception {
        GevServer a = fixture.named("a", 0);
        int aPort = a.port();
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(a), HTTP, FAST_CHECKS, "--proxy.health.fall=1",
                "--proxy.health.rise=1");
        assertThat(json.readTree(get(proxy, "/actuator/health/proxy")).path("status").asString()).isEqualTo("UP");

        a.stop();
        await().atMost(WAIT).until(() -> "DOWN".equals(
                json.readTree(get(proxy, "/actuator/health/proxy")).path("status").asString()));
        JsonNode health = json.readTree(get(proxy, "/actuator/health/proxy"));
        assertThat(health.path("details").path("127.0.0.1:" + aPort).asString()).isEqualTo("DOWN");
        assertThat(fixture.ask(port(proxy), "hi")).as("closed: nowhere to go").isEmpty();
        MeterRegistry meters = proxy.getBean(MeterRegistry.class);
        assertThat(meters.get("proxy.clients.unserved").functionCounter().count()).isEqualTo(1);

        fixture.named("a again", aPort);
        await().atMost(WAIT).until(() -> "UP".equals(
                json.readTree(get(proxy, "/actuator/health/proxy")).path("status").asString()));
        assertThat(fixture.ask(port(proxy), "hi")).isEqualTo("a again");
    }

    /** Upstream {@code index} as {@code /actuator/proxy} shows it. */
    private JsonNode upstream(ConfigurableApplicationContext proxy, int index) throws Exception {
        return json.readTree(get(proxy, "/actuator/proxy")).path("upstreams").path(index);
    }
}
