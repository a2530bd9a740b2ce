package io.gev.samples.echo.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.samples.echo.scaleout.Balancer.ServerStatus;
import io.gev.samples.echo.scaleout.EchoInstance.GevView;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Two echo instances behind HAProxy, driven through the balancer only: connections spread over both, and the PROXY v2
 * header HAProxy sends makes each instance see the test client's own address and port.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoadBalancingIT {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancingIT.class);

    private static EchoCluster cluster;
    private final List<ClientConnection> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = EchoCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void noConnectionsLeftFromEarlierTests() {
        await("no live connections on either instance").atMost(Duration.ofSeconds(30))
                .ignoreException(IOException.class)
                .until(() -> cluster.a.gev().connectionCount() + cluster.b.gev().connectionCount() == 0);
    }

    @AfterEach
    void closeClients() throws IOException {
        for (ClientConnection c : clients) {
            c.close();
        }
    }

    @Test
    void connectionsThroughTheBalancerSpreadOverBothInstances() throws Exception {
        int connections = 20;
        GevView a0 = cluster.a.gev();
        GevView b0 = cluster.b.gev();
        Map<String, ServerStatus> before = cluster.balancer().servers();

        for (int i = 0; i < connections; i++) {
            ClientConnection c = cluster.connect();
            clients.add(c);
            String line = "hello from connection " + i + "\n";
            assertThat(c.echo(line)).as("echo on connection %d", i).isEqualTo(line);
        }

        GevView a = cluster.a.gev();
        GevView b = cluster.b.gev();
        Map<String, ServerStatus> after = cluster.balancer().servers();
        long acceptedA = a.accepted() - a0.accepted();
        long acceptedB = b.accepted() - b0.accepted();
        log.info("spread of {} connections: a accepted {} (holds {}), b accepted {} (holds {}); HAProxy sessions a={} "
                + "b={}", connections, acceptedA, a.connectionCount(), acceptedB, b.connectionCount(),
                after.get("a").sessions() - before.get("a").sessions(),
                after.get("b").sessions() - before.get("b").sessions());
        assertThat(acceptedA).as("connections a accepted").isPositive();
        assertThat(acceptedB).as("connections b accepted").isPositive();
        assertThat(acceptedA + acceptedB).as("connections accepted by both").isEqualTo(connections);
        assertThat(a.connectionCount()).as("live on a").isEqualTo(acceptedA);
        assertThat(b.connectionCount()).as("live on b").isEqualTo(acceptedB);
    }

    @Test
    void eachInstanceSeesTheClientsOwnAddressAndPortFromTheProxyHeader() throws Exception {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ClientConnection c = cluster.connect();
            clients.add(c);
            assertThat(c.echo("who am I?\n")).isEqualTo("who am I?\n");
            endpoints.add(c.endpoint());
        }

        List<String> peers = Stream.concat(cluster.a.gev().peers().stream(), cluster.b.gev().peers().stream())
                .toList();
        String balancerIp = cluster.balancer().ip();
        log.info("clients {} -> balancer {}; the instances list peers {}", endpoints, balancerIp, peers);
        assertThat(peers).as("no instance sees the balancer as the peer").hasSize(endpoints.size())
                .noneMatch(peer -> peer.startsWith(balancerIp + ":"));
        if (cluster.balancer().direct()) {
            assertThat(peers).as("each client's own address and port, from the PROXY v2 header")
                    .containsExactlyInAnyOrderElementsOf(endpoints);
        } else {
            // through a published port the balancer sees the engine's port forwarder, not this JVM: only the
            // address part can be checked, and only that it is not the balancer's
            log.warn("containers are not reachable at their own addresses from this host: checked that the instances "
                    + "see a client address other than the balancer's, not that it is this client's (set "
                    + "GEV_IT_REQUIRE_CONTAINER_ROUTE=true to insist)");
            assertThat(peers).extracting(peer -> peer.substring(peer.lastIndexOf(':') + 1)).doesNotHaveDuplicates();
        }
    }
}
