package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.exchange;
import static io.gev.samples.proxy.ProxyFixture.port;
import static io.gev.samples.proxy.ProxyFixture.upstreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the proxy spreads clients over its upstreams (each answers with its name): round-robin in turn,
 * least-connections to the one relaying fewest, and a refused connect tried again on another upstream. Health checks
 * are out of the way (an hour apart), so that only clients' connects count.
 */
class LoadBalancingTests {

    private static final String NO_CHECKS = "--proxy.health.interval=1h";

    @RegisterExtension
    final ProxyFixture fixture = new ProxyFixture();

    @Test
    void roundRobinSendsEachClientToTheNextUpstream() throws Exception {
        GevServer a = fixture.named("a", 0);
        GevServer b = fixture.named("b", 0);
        GevServer c = fixture.named("c", 0);
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(a, b, c), NO_CHECKS);
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            served.add(fixture.ask(port(proxy), "hi"));
        }
        assertThat(served).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
    }

    @Test
    void leastConnectionsSendsAClientToTheUpstreamRelayingFewest() throws Exception {
        GevServer a = fixture.named("a", 0);
        GevServer b = fixture.named("b", 0);
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(a, b), NO_CHECKS,
                "--proxy.balance=least-connections");
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        Socket first = fixture.client(port(proxy));
        assertThat(exchange(first, "hi")).isEqualTo("a");
        assertThat(fixture.ask(port(proxy), "hi")).isEqualTo("b"); // a relays one client, b none
        await().until(() -> upstreams.all().get(1).activeConnections() == 0);

        // three more, held: round-robin would send a, b, a (3 and 1); least-connections b, b, a
        for (int i = 0; i < 3; i++) {
            exchange(fixture.client(port(proxy)), "hi");
        }
        MeterRegistry meters = proxy.getBean(MeterRegistry.class);
        for (GevServer upstream : List.of(a, b)) {
            assertThat(meters.get("proxy.upstream.connections.active").tag("upstream", "127.0.0.1:" + upstream.port())
                    .gauge().value()).isEqualTo(2);
        }
        assertThat(exchange(first, "again")).isEqualTo("a");
        first.close();
        await().until(() -> upstreams.all().get(0).activeConnections() == 1);
        assertThat(fixture.ask(port(proxy), "hi")).isEqualTo("a"); // 1 against 2
        assertThat(fixture.ask(port(proxy), "hi")).isEqualTo("a"); // 1 or 2 against 2: a, whose turn it is
    }

    @Test
    void aRefusedConnectIsTriedAgainOnAnotherUpstreamUntilTheRefusingOneIsDown() throws Exception {
        int dead = ProxyFixture.freePort();
        GevServer live = fixture.named("live", 0);
        ConfigurableApplicationContext proxy = fixture.proxy("--proxy.upstreams=127.0.0.1:" + dead + ",127.0.0.1:"
                + live.port(), NO_CHECKS, "--proxy.connect-attempts=2", "--proxy.health.fall=3");
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        for (int i = 0; i < 8; i++) {
            assertThat(fixture.ask(port(proxy), "hi")).as("client %d", i).isEqualTo("live");
        }
        Upstream refusing = upstreams.all().get(0);
        assertThat(refusing.connectFailures()).isEqualTo(3);
        assertThat(refusing.isUp()).isFalse();
        MeterRegistry meters = proxy.getBean(MeterRegistry.class);
        assertThat(meters.get("proxy.connect.retries").functionCounter().count()).isEqualTo(3);
        assertThat(meters.get("proxy.upstream.connect.failures").tag("upstream", "127.0.0.1:" + dead)
                .functionCounter().count()).isEqualTo(3);
        assertThat(upstreams.unservedClients()).isZero();
        assertThat(live.stats().connectionsAccepted()).isEqualTo(8);
    }

    @Test
    void aClientIsClosedOnceItsAttemptsAreUsedUp() throws Exception {
        int dead = ProxyFixture.freePort();
        int alsoDead = ProxyFixture.freePort();
        GevServer live = fixture.named("live", 0);
        ConfigurableApplicationContext proxy = fixture.proxy("--proxy.upstreams=127.0.0.1:" + dead + ",127.0.0.1:"
                + alsoDead + ",127.0.0.1:" + live.port(), NO_CHECKS, "--proxy.connect-attempts=2");
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        assertThat(fixture.ask(port(proxy), "hi")).as("dead, then also dead: closed").isEmpty();
        assertThat(upstreams.retries()).isEqualTo(1);
        assertThat(upstreams.unservedClients()).isEqualTo(1);
        assertThat(live.stats().connectionsAccepted()).isZero();
    }
}
