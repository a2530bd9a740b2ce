package io.gev.samples.echo.scaleout;

import static org.awaitility.Awaitility.await;

import io.gev.containers.Docker;
import io.gev.samples.echo.scaleout.Balancer.ServerStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * Two instances of the echo sample and HAProxy in front of them on one Docker network of their own. The instances
 * require PROXY headers and trust the network's subnet, where the balancer is.
 */
final class EchoCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EchoCluster.class);

    final EchoInstance a;
    final EchoInstance b;
    private final Network network;
    private final String subnet;
    private Balancer balancer;

    private EchoCluster() {
        network = Network.newNetwork();
        subnet = Docker.subnet(network.getId());
        a = new EchoInstance("a", network, subnet);
        b = new EchoInstance("b", network, subnet);
    }

    /** Starts the instances (in parallel), then the balancer, and returns once the balancer sees both instances up. */
    static EchoCluster start() {
        long started = System.nanoTime();
        EchoCluster cluster = new EchoCluster();
        try {
            Startables.deepStart(cluster.a.container(), cluster.b.container()).join();
            cluster.balancer = new Balancer(cluster.network, List.of(cluster.a, cluster.b));
            cluster.balancer.start();
            cluster.awaitBalancer("both instances up", servers -> servers.values().stream()
                    .filter(s -> s.up() && s.check().startsWith("L7OK")).count() == 2);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        log.info("cluster up in {} ms: network {}, instances a={} b={}, balancer {} (clients connect to {}, {})",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), cluster.subnet, cluster.a.ip(),
                cluster.b.ip(), cluster.balancer.ip(), cluster.balancer.address(),
                cluster.balancer.direct() ? "its own address" : "a published port");
        return cluster;
    }

    Balancer balancer() {
        return balancer;
    }

    /** Waits (bounded) until the balancer's view of its servers matches, and returns that view. */
    Map<String, ServerStatus> awaitBalancer(String what, Predicate<Map<String, ServerStatus>> condition) {
        return await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreException(IOException.class).until(() -> balancer.servers(), condition);
    }

    /** Opens a connection to the balancer. */
    ClientConnection connect() throws IOException {
        return ClientConnection.open(balancer.address());
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        a.close();
        b.close();
        network.close();
    }
}
