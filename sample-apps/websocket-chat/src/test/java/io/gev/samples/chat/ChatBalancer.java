package io.gev.samples.chat;

import io.gev.containers.ContainerImages;
import io.gev.containers.HaproxyStats;
import io.gev.containers.SampleContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * HAProxy in TCP mode in front of the chat instances: PROXY v2 to every instance (they require it from the network),
 * round-robin, an HTTP check of the page every 500 ms on the chat port itself, and retries that redispatch a
 * connection the chosen instance refused or never answered, so that a member whose instance went away lands on
 * another one when it reconnects. Its stats page (CSV) tells how many connections each instance holds. Not thread
 * safe.
 */
final class ChatBalancer implements AutoCloseable {

    static final String BACKEND = "chat";
    private static final String CONFIG_PATH = "/usr/local/etc/haproxy/haproxy.cfg";

    private final GenericContainer<?> container;

    @SuppressWarnings("resource") // closed in close()
    ChatBalancer(Network network, int port, List<SampleContainer> instances) {
        container = new GenericContainer<>(DockerImageName.parse(ContainerImages.HAPROXY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(port, HaproxyStats.PORT)
                .withCopyToContainer(Transferable.of(config(port, instances)), CONFIG_PATH)
                .withCommand("haproxy", "-db", "-f", CONFIG_PATH)
                .waitingFor(Wait.forHttp("/stats;csv").forPort(HaproxyStats.PORT));
    }

    private static String config(int port, List<SampleContainer> instances) {
        StringBuilder servers = new StringBuilder();
        for (SampleContainer instance : instances) {
            servers.append("    server ").append(instance.alias()).append(' ').append(instance.alias()).append(':')
                    .append(port).append('\n');
        }
        return """
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5m
                    timeout server 5m
                    timeout check 1s
                    retries 3
                    option redispatch 1
                frontend members
                    bind :%d
                    default_backend %s
                backend %s
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri / ver HTTP/1.1 hdr Host chat
                    http-check expect status 200
                    default-server send-proxy-v2 check inter 500ms fall 2 rise 2
                %s""".formatted(port, BACKEND, BACKEND, servers) + HaproxyStats.FRONTEND;
    }

    void start() {
        container.start();
    }

    /** Where the members connect: the balancer's published chat port. */
    InetSocketAddress address(int port) {
        return new InetSocketAddress(container.getHost(), container.getMappedPort(port));
    }

    /** Each instance as HAProxy sees it, by alias: up or not, and how many connections it holds now. */
    Map<String, Server> servers() throws IOException, InterruptedException {
        Map<String, Server> servers = new LinkedHashMap<>();
        HaproxyStats.servers(container, BACKEND).forEach((name, row) -> servers.put(name,
                new Server("UP".equals(row.get("status")), Integer.parseInt(row.get("scur")))));
        return servers;
    }

    @Override
    public void close() {
        container.stop();
    }

    /** An instance in HAProxy's eyes: whether its checks pass, and its current connections. */
    record Server(boolean up, int connections) {
    }
}
