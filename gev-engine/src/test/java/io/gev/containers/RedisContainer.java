package io.gev.containers;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis-server} container ({@link ContainerImages#REDIS_IMAGE}) without persistence, reached by the other
 * containers of its network as {@value #ALIAS}:{@value #PORT}; a test stops it and starts it again (empty) to make an
 * outage, and runs commands with {@code redis-cli} inside it. Not thread safe.
 */
public final class RedisContainer implements AutoCloseable {

    public static final String ALIAS = "redis";
    public static final int PORT = 6379;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final GenericContainer<?> container;

    @SuppressWarnings("resource") // closed in close()
    public RedisContainer(Network network) {
        container = new GenericContainer<>(DockerImageName.parse(ContainerImages.REDIS_IMAGE))
                .withNetwork(network)
                .withNetworkAliases(ALIAS)
                .withCommand("redis-server", "--port", Integer.toString(PORT), "--bind", "0.0.0.0",
                        "--protected-mode", "no", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1)
                        .withStartupTimeout(START_TIMEOUT))
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger(ALIAS)));
    }

    public GenericContainer<?> container() {
        return container;
    }

    /** Runs {@code redis-cli args...} in the container and returns what it printed, trimmed. */
    public String cli(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "redis-cli";
        System.arraycopy(args, 0, command, 1, args.length);
        ExecResult result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IOException("redis-cli failed (" + result.getExitCode() + "): " + result.getStderr());
        }
        return result.getStdout().strip();
    }

    /** How many clients are subscribed to {@code channel}. */
    public long subscribers(String channel) throws IOException, InterruptedException {
        String[] reply = cli("PUBSUB", "NUMSUB", channel).split("\n");
        return Long.parseLong(reply[reply.length - 1].strip());
    }

    /** {@code docker stop}: the server exits (with nothing saved), its clients lose their connections. Blocks. */
    public void stop() {
        Docker.stop(container, Duration.ofSeconds(10));
    }

    /** {@code docker start} after {@link #stop()}: an empty server again, under the same alias. */
    public void startAgain() {
        Docker.startAgain(container);
    }

    @Override
    public void close() {
        container.stop();
    }
}
