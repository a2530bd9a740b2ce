package io.gev.samples.echo.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import io.gev.samples.echo.scaleout.Balancer.ServerStatus;
import io.gev.samples.echo.scaleout.EchoInstance.GevView;
import io.gev.samples.echo.scaleout.EchoInstance.Readiness;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker stop} (SIGTERM) on one of two instances behind HAProxy while clients have requests in flight on it:
 * its readiness goes OUT_OF_SERVICE over HTTP while the drain runs, the balancer takes it out, new connections go to
 * the other instance, every request the stopping instance had read gets its reply and then end of stream, and the
 * process exits on its own.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DrainIT {

    private static final Logger log = LoggerFactory.getLogger(DrainIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void dockerStopDrainsTheInstanceWhileTheOtherTakesTheNewConnections() throws Exception {
        List<FloodingClient> clients = new ArrayList<>();
        try (EchoCluster cluster = EchoCluster.start()) {
            EchoInstance stopping = cluster.a;
            EchoInstance staying = cluster.b;
            for (int i = 0; i < 6; i++) {
                clients.add(new FloodingClient(i, cluster.connect()));
            }
            // requests in flight: every connection on the stopping instance has replies queued that its client does
            // not read, so the instance stopped reading it; what it has read is then fixed
            AtomicLong lastRead = new AtomicLong(-1);
            GevView stalled = await("every connection on " + stopping + " stalled with replies queued").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500)).ignoreException(IOException.class)
                    .until(stopping::gev, v -> v.connectionCount() > 0
                            && v.writeBufferLengths().size() == v.connectionCount()
                            && v.writeBufferLengths().stream().allMatch(queued -> queued > 0)
                            && v.bytesRead() == lastRead.getAndSet(v.bytesRead()));
            long acceptedByStaying = staying.gev().accepted();
            log.info("before the stop: {} holds {} connections, has read {} bytes and written {}, and has {} bytes of "
                    + "replies queued", stopping, stalled.connectionCount(), stalled.bytesRead(), stalled.bytesWritten(),
                    stalled.writeBufferLengths());

            long stopAt = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stop);

            // readiness, over HTTP, while the drain runs: the context publishes REFUSING_TRAFFIC as it starts to
            // close, and the gev contributor reports OUT_OF_SERVICE once its drain has begun
            Readiness readiness = await("readiness of " + stopping + " over HTTP, gev draining").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(stopping::readiness, r -> "OUT_OF_SERVICE".equals(r.gev()));
            long outOfServiceAt = System.nanoTime();
            assertThat(readiness).isEqualTo(new Readiness(503, "OUT_OF_SERVICE", "OUT_OF_SERVICE", "OUT_OF_SERVICE"));
            GevView draining = stopping.gev();
            assertThat(draining.state()).isEqualTo("DRAINING");
            assertThat(draining.connectionCount()).as("connections still open on the draining instance")
                    .isEqualTo(stalled.connectionCount());
            assertThat(stopped).as("docker stop still waiting for the drain").isNotDone();

            // new connections go to the other instance: the draining one no longer accepts, so HAProxy, if it picks
            // it before its readiness checks have taken it out, retries on the other
            int fresh = 6;
            for (int i = 0; i < fresh; i++) {
                try (ClientConnection c = cluster.connect()) {
                    assertThat(c.echo("new connection " + i + "\n")).isEqualTo("new connection " + i + "\n");
                }
            }
            assertThat(staying.gev().accepted() - acceptedByStaying).as("new connections accepted by " + staying)
                    .isEqualTo(fresh);
            assertThat(stopping.gev().accepted()).as("connections accepted by the draining instance")
                    .isEqualTo(stalled.accepted());

            // the balancer's readiness checks take the instance out
            ServerStatus out = cluster.awaitBalancer(stopping + " down in HAProxy",
                    s -> "DOWN".equals(s.get(stopping.name).status())).get(stopping.name);
            long downAt = System.nanoTime();
            assertThat(stopped).as("docker stop still waiting for the drain").isNotDone();

            // the clients read: those on the stopping instance get every reply, then end of stream
            long releasedAt = System.nanoTime();
            clients.forEach(FloodingClient::release);
            await("the clients of " + stopping + " see end of stream").atMost(WAIT)
                    .until(() -> clients.stream().filter(FloodingClient::endOfStream).count()
                            == stalled.connectionCount());
            long drainedAt = System.nanoTime();
            stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long exitedAt = System.nanoTime();

            List<FloodingClient> onStopping = clients.stream().filter(FloodingClient::endOfStream).toList();
            List<FloodingClient> onStaying = clients.stream().filter(c -> !c.endOfStream()).toList();
            await("the clients of " + staying + " get all their bytes back").atMost(WAIT)
                    .until(() -> onStaying.stream().allMatch(c -> c.writerEnded() && c.received() == c.written()));

            SoftAssertions softly = new SoftAssertions();
            long echoed = 0;
            for (FloodingClient c : onStopping) {
                softly.assertThat(c.firstMismatch()).as("%s: first wrong byte", c).isEqualTo(-1);
                softly.assertThat(c.readFailure()).as("%s: read failure", c).isNull();
                softly.assertThat(c.received()).as("%s: bytes back", c).isPositive().isLessThanOrEqualTo(c.written());
                echoed += c.received();
            }
            long requestBytes = stalled.bytesRead()
                    - (long) stalled.connectionCount() * Balancer.PROXY_V2_IPV4_HEADER_BYTES;
            softly.assertThat(echoed).as("bytes the stopping instance's clients got back == request bytes it had read")
                    .isEqualTo(requestBytes);
            for (FloodingClient c : onStaying) {
                softly.assertThat(c.firstMismatch()).as("%s: first wrong byte", c).isEqualTo(-1);
                softly.assertThat(c.writeFailure()).as("%s: write failure", c).isNull();
            }
            softly.assertThat(onStaying).as("connections on " + staying).hasSize(
                    clients.size() - stalled.connectionCount());
            ContainerState state = stopping.state();
            softly.assertThat(state.getRunning()).as("running").isFalse();
            softly.assertThat(state.getExitCodeLong()).as("exit code (143: ended by SIGTERM, not killed)")
                    .isEqualTo(143L);
            String logs = stopping.logs();
            softly.assertThat(logs).containsPattern("gev server 'default' \\(raw framing\\) on \\S*:1833 stopped")
                    .doesNotContain("still open after");
            softly.assertAll();

            log.info("drain of {}: readiness OUT_OF_SERVICE {} ms after docker stop; {} new connections went to {} "
                    + "(HAProxy retried {} and redispatched {} away from {}), which HAProxy marked DOWN {} ms after the "
                    + "stop; its {} clients, held by the test until then, started reading {} ms after the stop and "
                    + "got {} bytes back (all it had read) and end of stream within {} ms; the process exited {} ms "
                    + "after the stop, {} ms after its last client finished", stopping, millis(stopAt, outOfServiceAt),
                    fresh, staying, out.retries(), out.redispatches(), stopping, millis(stopAt, downAt),
                    onStopping.size(), millis(stopAt, releasedAt), echoed, millis(releasedAt, drainedAt),
                    millis(stopAt, exitedAt), millis(drainedAt, exitedAt));
        } finally {
            for (FloodingClient c : clients) {
                c.close();
            }
        }
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
