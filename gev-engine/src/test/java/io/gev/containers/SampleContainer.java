package io.gev.containers;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * One instance of a sample ({@link ContainerImages#sampleImage}) on a test's network, under the alias given, its gev
 * port published to the host, started with the arguments given and considered up once Spring Boot logs that it
 * started. A test stops it as an
 * orchestrator would ({@code docker stop}) or kills it ({@code docker kill}). Not thread safe.
 */
public final class SampleContainer implements AutoCloseable {

    /**
     * Small heaps, the serial collector and the quick compiler: several instances share a small machine with the test;
     * host names resolved anew after a second: a container started again may come back at another address.
     */
    public static final String JAVA_OPTIONS = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -Dsun.net.inetaddr.ttl=1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String alias;
    private final GenericContainer<?> container;

    /**
     * @param port      the sample's gev port ({@code gev.port}), published to the host
     * @param arguments the rest of the application's command line ({@code --name=value} properties)
     */
    @SuppressWarnings("resource") // closed in close()
    public SampleContainer(ImageFromDockerfile image, Network network, String alias, int port,
            List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--gev.port=" + port));
        command.addAll(arguments);
        this.alias = alias;
        this.container = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withExposedPorts(port)
                .withEnv("JAVA_TOOL_OPTIONS", JAVA_OPTIONS)
                .withCommand(command.toArray(String[]::new))
                .waitingFor(Wait.forLogMessage(".*Started \\S+ in .*", 1).withStartupTimeout(START_TIMEOUT))
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger(alias)));
    }

    public String alias() {
        return alias;
    }

    public GenericContainer<?> container() {
        return container;
    }

    /** Where the host reaches {@code port} of the instance (exposed before it started). */
    public InetSocketAddress published(int port) {
        return new InetSocketAddress(container.getHost(), container.getMappedPort(port));
    }

    /** {@code docker stop}: SIGTERM, and SIGKILL only if the instance still runs {@code grace} later. Blocks. */
    public void stop(Duration grace) {
        Docker.stop(container, grace);
    }

    /** {@code docker kill}: SIGKILL. */
    public void kill() {
        Docker.kill(container);
    }

    /** The container's exit code, once it ended. */
    public long exitCode() {
        return Docker.exitCode(container);
    }

    /** What the instance wrote to stdout and stderr so far. */
    public String logs() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return alias;
    }
}
