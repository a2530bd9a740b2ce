package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.exchange;
import static io.gev.samples.proxy.ProxyFixture.port;
import static io.gev.samples.proxy.ProxyFixture.upstreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The proxy's drain on shutdown: clients already relayed go on until they close (or {@code gev.shutdown-timeout}
 * passes), new ones are closed at once.
 */
class DrainTests {

    @RegisterExtension
    final ProxyFixture fixture = new ProxyFixture();

    @Test
    void aClientBeingRelayedFinishesWhileNewOnesAreRefused() throws Exception {
        GevServer upstream = fixture.named("up", 0);
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--gev.shutdown-timeout=120s",
                "--proxy.health.interval=1h"); // only the client connects to the upstream
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        int port = port(proxy);
        Socket inFlight = fixture.client(port);
        assertThat(exchange(inFlight, "hi")).isEqualTo("up");

        long start = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
        await().atMost(Duration.ofSeconds(10)).until(upstreams::isDraining);
        assertThat(proxy.getBean(ApplicationAvailability.class).getReadinessState())
                .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(fixture.ask(port, "me too?")).as("a new client is closed").isEmpty();
        assertThat(exchange(inFlight, "still there?")).as("the relayed one goes on").isEqualTo("up");
        assertThat(closing).isNotDone();

        inFlight.close();
        closing.get(60, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).as("closed when the last client left, not at the timeout").isLessThan(60_000);
        assertThat(upstream.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aClientStillRelayedAtTheTimeoutIsClosed() throws Exception {
        GevServer upstream = fixture.named("up", 0);
        ConfigurableApplicationContext proxy = fixture.proxy(upstreams(upstream), "--gev.shutdown-timeout=300ms");
        Socket lingering = fixture.client(port(proxy));
        assertThat(exchange(lingering, "hi")).isEqualTo("up");

        CompletableFuture.runAsync(proxy::close).get(10, TimeUnit.SECONDS);
        assertThat(lingering.getInputStream().read()).as("end of stream").isEqualTo(-1);
    }
}
