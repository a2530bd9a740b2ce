package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.exchange;
import static io.gev.samples.proxy.ProxyFixture.port;
import static io.gev.samples.proxy.ProxyFixture.upstreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The proxy's drain on shutdown: clients already relayed go on until they close (or {@code gev.shutdown-timeout}
 * passes), new ones are closed at once.
 */
@ExtendWith(OutputCaptureExtension.class)
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

    /**
     * A connect still under way when the proxy stops (to an upstream whose accept queue is full, which drops the SYN)
     * ends with the server's loops; that is held against no upstream: with {@code fall=1} one such failure would take
     * it out, and log so.
     */
    @Test
    void aConnectTheStopEndsIsHeldAgainstNoUpstream(CapturedOutput output) throws Exception {
        ServerSocket full = fixture.plainUpstream(1);
        fillAcceptQueue(full.getLocalPort());
        ConfigurableApplicationContext proxy = fixture.proxy("--proxy.upstreams=127.0.0.1:" + full.getLocalPort(),
                "--proxy.health.interval=1h", "--proxy.health.fall=1", "--proxy.connect-timeout=60s",
                "--gev.shutdown-timeout=300ms");
        Upstream upstream = proxy.getBean(Upstreams.class).all().get(0);
        Socket client = fixture.client(port(proxy));
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.activeConnections() == 1);

        CompletableFuture.runAsync(proxy::close).get(30, TimeUnit.SECONDS);
        assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
        assertThat(upstream.activeConnections()).isZero();
        assertThat(upstream.connectFailures()).isZero();
        assertThat(upstream.isUp()).isTrue();
        assertThat(output.getAll()).doesNotContain(" is down: ");
    }

    /** Connects to {@code port} until a connect does not complete: the listener's accept queue is full. */
    private void fillAcceptQueue(int port) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            fixture.closeAfter(socket);
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue of port " + port + " did not fill");
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
