package io.gev.samples.echo.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import io.gev.samples.echo.scaleout.Balancer.ServerStatus;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker kill} (SIGKILL) on one of two instances behind HAProxy: no drain, no goodbye. Its connections end
 * (they do not hang), those on the other instance go on, and every new connection reaches the survivor, also those
 * HAProxy first sends to the dead instance before its checks notice.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailoverIT {

    private static final Logger log = LoggerFactory.getLogger(FailoverIT.class);

    @Test
    void dockerKillMovesNewConnectionsToTheSurvivor() throws Exception {
        List<ClientConnection> before = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try (EchoCluster cluster = EchoCluster.start()) {
            EchoInstance killed = cluster.a;
            EchoInstance survivor = cluster.b;
            for (int i = 0; i < 6; i++) {
                ClientConnection c = cluster.connect();
                before.add(c);
                assertThat(c.echo("before " + i + "\n")).isEqualTo("before " + i + "\n");
            }
            int onKilled = killed.gev().connectionCount();
            long acceptedBySurvivor = survivor.gev().accepted();
            assertThat(onKilled).as("connections on %s before the kill", killed).isPositive().isLessThan(before.size());

            long killAt = System.nanoTime();
            killed.kill();

            // the connections that were on the killed instance end; the others still echo
            int ended = 0;
            for (ClientConnection c : before) {
                if (!echoes(c, "after\n")) {
                    ended++;
                }
            }
            assertThat(ended).as("connections that ended with %s", killed).isEqualTo(onKilled);

            // new connections, all at once, as clients reconnecting after an outage would
            int fresh = 10;
            List<CompletableFuture<Long>> attempts = new ArrayList<>();
            for (int i = 0; i < fresh; i++) {
                String line = "after the kill " + i + "\n";
                attempts.add(CompletableFuture.supplyAsync(() -> timedEcho(cluster, line), pool));
            }
            long slowest = 0;
            for (CompletableFuture<Long> attempt : attempts) {
                slowest = Math.max(slowest, attempt.get(60, TimeUnit.SECONDS));
            }
            assertThat(survivor.gev().accepted() - acceptedBySurvivor).as("new connections accepted by %s", survivor)
                    .isEqualTo(fresh);

            ServerStatus down = cluster.awaitBalancer(killed + " down in HAProxy",
                    s -> "DOWN".equals(s.get(killed.name).status())).get(killed.name);
            long downAt = System.nanoTime();
            ContainerState state = killed.state();
            assertThat(state.getRunning()).isFalse();
            assertThat(state.getExitCodeLong()).as("exit code (137: SIGKILL)").isEqualTo(137L);

            log.info("kill of {}: its {} connections ended, the other {} went on; {} new connections all reached {}, "
                    + "the slowest in {} ms (HAProxy retried {} and redispatched {} away from {}); HAProxy marked {} "
                    + "DOWN {} ms after the kill ({})", killed, onKilled, before.size() - onKilled, fresh, survivor,
                    slowest, down.retries(), down.redispatches(), killed, killed,
                    TimeUnit.NANOSECONDS.toMillis(downAt - killAt), down.check());
        } finally {
            pool.shutdownNow();
            for (ClientConnection c : before) {
                c.close();
            }
        }
    }

    /** Whether the connection still echoes; false if it ended. A connection that hangs fails the test. */
    private static boolean echoes(ClientConnection c, String line) {
        try {
            assertThat(c.echo(line)).isEqualTo(line);
            return true;
        } catch (SocketTimeoutException hang) {
            throw new AssertionError(c.endpoint() + " neither echoed nor ended within " + ClientConnection.TIMEOUT,
                    hang);
        } catch (IOException ended) {
            return false;
        }
    }

    /** Connects through the balancer and echoes {@code line}; returns how long that took, in milliseconds. */
    private static long timedEcho(EchoCluster cluster, String line) {
        long start = System.nanoTime();
        try (ClientConnection c = cluster.connect()) {
            assertThat(c.echo(line)).isEqualTo(line);
        } catch (IOException e) {
            throw new AssertionError("a new connection failed after the kill", e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
