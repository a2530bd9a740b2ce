package io.gev.samples.echo.scaleout;

import io.gev.containers.ContainerImages;
import java.nio.file.Path;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * What the container tests run on: the images of {@link ContainerImages} (public ones by default, local ones named
 * in environment variables on a machine without registry access, see {@code .ci/run}), and
 * {@code GEV_IT_REQUIRE_CONTAINER_ROUTE=true}: fail, rather than fall back to published ports, when this host cannot
 * reach containers at their own addresses, so that the exact client address assertions must run (a Linux host
 * reaches them on the bridge network; Docker Desktop's host does not).
 */
final class ContainerSettings {

    static final String HAPROXY_IMAGE = ContainerImages.HAPROXY_IMAGE;
    static final boolean REQUIRE_CONTAINER_ROUTE =
            Boolean.parseBoolean(System.getenv("GEV_IT_REQUIRE_CONTAINER_ROUTE"));

    /**
     * The echo sample's image, built once per test JVM from the module's own {@code Dockerfile} (and
     * {@code .dockerignore}) on the packaged jar, and removed when the JVM exits.
     */
    static final ImageFromDockerfile ECHO_IMAGE = new ImageFromDockerfile("gev-it/echo-server", true)
            .withDockerfile(dockerfile())
            .withBuildArg("BASE_IMAGE", ContainerImages.BASE_IMAGE);

    private ContainerSettings() {
    }

    /** The module's Dockerfile, once the jar it copies has been packaged (failsafe sets both properties). */
    private static Path dockerfile() {
        ContainerImages.packagedJar();
        return Path.of(required("gev.it.dockerfile"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the *IT tests with "
                    + "mvn verify (see the failsafe configuration in this module's pom)");
        }
        return value;
    }
}
