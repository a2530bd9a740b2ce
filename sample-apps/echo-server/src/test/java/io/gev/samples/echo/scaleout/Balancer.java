package io.gev.samples.echo.scaleout;

import static io.gev.samples.echo.scaleout.EchoInstance.GEV_PORT;
import static io.gev.samples.echo.scaleout.EchoInstance.HTTP_PORT;

import io.gev.containers.HaproxyStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * HAProxy in TCP mode in front of the echo instances, configured as a real deployment would be: PROXY v2 to every
 * instance, least-connections balancing, HTTP health checks on each instance's readiness endpoint, and retries that
 * redispatch a connection the chosen instance refused or never answered. Its stats page (CSV) shows how it sees the
 * instances.
 */
final class Balancer implements AutoCloseable {

    static final int STATS_PORT = HaproxyStats.PORT;
    /**
     * What the PROXY v2 header HAProxy sends for an IPv4 client takes, with no TLVs configured: the 16-byte preamble
     * and the two addresses and ports. gev counts it as read; the handler never sees it.
     */
    static final int PROXY_V2_IPV4_HEADER_BYTES = 16 + 12;
    static final String CONFIG_PATH = "/usr/local/etc/haproxy/haproxy.cfg";

    private final GenericContainer<?> container;
    private boolean direct;

    @SuppressWarnings("resource") // closed in close()
    Balancer(Network network, List<EchoInstance> instances) {
        this.container = new GenericContainer<>(DockerImageName.parse(ContainerSettings.HAPROXY_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("balancer")
                .withExposedPorts(GEV_PORT, STATS_PORT)
                .withCopyToContainer(Transferable.of(config(instances)), CONFIG_PATH)
                .withCommand("haproxy", "-db", "-f", CONFIG_PATH)
                .waitingFor(Wait.forHttp("/stats;csv").forPort(STATS_PORT))
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("haproxy")));
    }

    /** The configuration in docs/operations.md, "Running several instances", with test-sized check intervals. */
    static String config(List<EchoInstance> instances) {
        StringBuilder servers = new StringBuilder();
        for (EchoInstance instance : instances) {
            servers.append("    server ").append(instance.name).append(' ').append(instance.ip()).append(':')
                    .append(GEV_PORT).append('\n');
        }
        return """
                global
                    log stdout format raw local0 info
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 60s
                    timeout server 60s
                    timeout check 1s
                    retries 3
                    option redispatch 1
                frontend gev
                    bind :%d
                    log global
                    option tcplog
                    default_backend echo
                backend echo
                    balance leastconn
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    default-server send-proxy-v2 check port %d inter 1s fall 2 rise 2
                %s""".formatted(GEV_PORT, HTTP_PORT, servers) + HaproxyStats.FRONTEND;
    }

    /**
     * Starts HAProxy and finds how clients reach it: at its own address on the cluster network where this host routes
     * to containers (Linux), so that the instances see each client's own address and port; else through its
     * published port.
     */
    void start() {
        container.start();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(ip(), STATS_PORT), 2000);
            direct = true;
        } catch (IOException unreachable) {
            if (ContainerSettings.REQUIRE_CONTAINER_ROUTE) {
                throw new IllegalStateException("GEV_IT_REQUIRE_CONTAINER_ROUTE is set but this host cannot reach "
                        + ip() + ":" + STATS_PORT, unreachable);
            }
            direct = false;
        }
    }

    /** Whether clients connect to the balancer's own container address, so that their address reaches the instances. */
    boolean direct() {
        return direct;
    }

    /** Where clients connect. */
    InetSocketAddress address() {
        return direct ? new InetSocketAddress(ip(), GEV_PORT)
                : new InetSocketAddress(container.getHost(), container.getMappedPort(GEV_PORT));
    }

    String ip() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** Each backend server as HAProxy's stats page shows it, by server name. */
    Map<String, ServerStatus> servers() throws IOException, InterruptedException {
        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        HaproxyStats.servers(container, "echo").forEach((name, row) -> servers.put(name,
                new ServerStatus(row.get("status"), row.get("check_status"), Long.parseLong(row.get("stot")),
                        Long.parseLong(row.get("wretr")), Long.parseLong(row.get("wredis")))));
        return servers;
    }

    @Override
    public void close() {
        container.stop();
    }

    /**
     * One backend server in HAProxy's eyes: its state ({@code UP}, {@code DOWN}, ...), the last check's result, the
     * sessions it was given, and the connection retries and redispatches counted on it.
     */
    record ServerStatus(String status, String check, long sessions, long retries, long redispatches) {

        boolean up() {
            return "UP".equals(status);
        }
    }
}
