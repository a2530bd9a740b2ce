package io.gev.containers;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** What the container tests do to a container, as an operator would with the {@code docker} CLI. Thread safe. */
public final class Docker {

    private Docker() {
    }

    /** {@code docker stop}: SIGTERM, and SIGKILL only if it still runs {@code grace} later. Blocks until it ended. */
    public static void stop(GenericContainer<?> container, Duration grace) {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId())
                .withTimeout((int) grace.toSeconds()).exec();
    }

    /** {@code docker kill}: SIGKILL. */
    public static void kill(GenericContainer<?> container) {
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker start} of a container that was stopped or killed. */
    public static void startAgain(GenericContainer<?> container) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }

    /** The container's exit code, once it ended. */
    public static long exitCode(GenericContainer<?> container) {
        return DockerClientFactory.instance().client().inspectContainerCmd(container.getContainerId()).exec()
                .getState().getExitCodeLong();
    }

    /** The first subnet of {@code networkId}, in CIDR notation. */
    public static String subnet(String networkId) {
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(networkId).exec().getIpam()
                .getConfig().get(0).getSubnet();
    }
}
