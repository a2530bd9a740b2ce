package io.gev.samples.echo.scaleout;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.gev.containers.Docker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * One container of the echo sample's image on the cluster's network: gev on {@value #GEV_PORT} behind the balancer,
 * requiring a PROXY header from the trusted network, and Actuator on {@value #HTTP_PORT}, published to the host and
 * read over real HTTP.
 */
final class EchoInstance implements AutoCloseable {

    static final int GEV_PORT = 1833;
    static final int HTTP_PORT = 8080;
    /** Longer than any test holds a drain open; the phase timeout is longer still, so gev's own limit applies. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(IO_TIMEOUT).build();

    final String name;
    private final GenericContainer<?> container;

    /**
     * @param name the server's name in the balancer, and the container's alias ({@code echo-<name>})
     * @param trustedProxies the CIDR block whose PROXY headers the instance believes
     */
    @SuppressWarnings("resource") // closed in close()
    EchoInstance(String name, Network network, String trustedProxies) {
        this.name = name;
        this.container = new GenericContainer<>(ContainerSettings.ECHO_IMAGE)
                .withNetwork(network)
                .withNetworkAliases("echo-" + name)
                .withExposedPorts(HTTP_PORT)
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC")
                .withCommand("--spring.main.banner-mode=off",
                        "--gev.proxy-protocol=required", "--gev.trusted-proxies=" + trustedProxies,
                        "--gev.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
                        "--spring.lifecycle.timeout-per-shutdown-phase=" + SHUTDOWN_TIMEOUT.plusSeconds(10).toSeconds()
                                + "s")
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(HTTP_PORT)
                        .withStartupTimeout(Duration.ofMinutes(2)))
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("echo-" + name)));
    }

    GenericContainer<?> container() {
        return container;
    }

    /** The instance's address on the cluster network. */
    String ip() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** GET on the instance's Actuator port; throws if it does not answer. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(HTTP_PORT) + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(IO_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The readiness group as the instance reports it over HTTP. */
    Readiness readiness() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/health/readiness");
        DocumentContext json = JsonPath.parse(response.body());
        return new Readiness(response.statusCode(), json.read("$.status"), json.read("$.components.gev.status"),
                json.read("$.components.readinessState.status"));
    }

    /** The default gev server as {@code /actuator/gev/default} describes it. */
    GevView gev() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/gev/default");
        if (response.statusCode() != 200) {
            throw new IOException("/actuator/gev/default answered " + response.statusCode() + ": " + response.body());
        }
        DocumentContext json = JsonPath.parse(response.body());
        return new GevView(json.read("$.state"), json.read("$.connections", Integer.class),
                json.read("$.totals.connectionsAccepted", Long.class), json.read("$.totals.bytesRead", Long.class),
                json.read("$.totals.bytesWritten", Long.class), json.read("$.openConnections[*].peer"),
                json.read("$.openConnections[*].writeBufferLength"));
    }

    /** {@code docker stop}: SIGTERM, and SIGKILL only if the instance is still running a minute later. Blocks. */
    void stop() {
        Docker.stop(container, Duration.ofSeconds(60));
    }

    /** {@code docker kill}: SIGKILL. */
    void kill() {
        Docker.kill(container);
    }

    /** The container's state as the engine reports it (after {@link #stop()} or {@link #kill()}: how it ended). */
    ContainerState state() {
        return DockerClientFactory.instance().client().inspectContainerCmd(container.getContainerId()).exec()
                .getState();
    }

    /** What the instance wrote to stdout and stderr so far. */
    String logs() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "echo-" + name;
    }

    /** The readiness group's HTTP status and the statuses of the group and of its two members. */
    record Readiness(int httpStatus, String status, String gev, String readinessState) {
    }

    /** What the {@code gev} endpoint says of the default server (the connections list is capped at 100). */
    record GevView(String state, int connectionCount, long accepted, long bytesRead, long bytesWritten,
            List<String> peers, List<Integer> writeBufferLengths) {
    }
}
