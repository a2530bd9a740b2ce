package io.gev.samples.echo.scaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * What the container tests run on. The images default to public ones, for a machine with an ordinary Docker; a
 * machine without registry access (CI, see {@code .ci/run}) names local images in environment variables:
 * <ul>
 * <li>{@code GEV_IT_BASE_IMAGE}: the image the echo sample's {@code Dockerfile} builds on, with Java 17+ on its PATH
 * (default {@value #DEFAULT_BASE_IMAGE});</li>
 * <li>{@code GEV_IT_HAPROXY_IMAGE}: an image with {@code haproxy} on its PATH (default
 * {@value #DEFAULT_HAPROXY_IMAGE});</li>
 * <li>{@code GEV_IT_REQUIRE_CONTAINER_ROUTE=true}: fail, rather than fall back to published ports, when this host
 * cannot reach containers at their own addresses, so that the exact client address assertions must run (a Linux host
 * reaches them on the bridge network; Docker Desktop's host does not).</li>
 * </ul>
 */
final class ContainerSettings {

    static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";
    static final String DEFAULT_HAPROXY_IMAGE = "haproxy:2.8";

    static final String BASE_IMAGE = env("GEV_IT_BASE_IMAGE", DEFAULT_BASE_IMAGE);
    static final String HAPROXY_IMAGE = env("GEV_IT_HAPROXY_IMAGE", DEFAULT_HAPROXY_IMAGE);
    static final boolean REQUIRE_CONTAINER_ROUTE = Boolean.parseBoolean(env("GEV_IT_REQUIRE_CONTAINER_ROUTE", "false"));

    /**
     * The echo sample's image, built once per test JVM from the module's own {@code Dockerfile} (and
     * {@code .dockerignore}) on the packaged jar, and removed when the JVM exits.
     */
    static final ImageFromDockerfile ECHO_IMAGE = new ImageFromDockerfile("gev-it/echo-server", true)
            .withDockerfile(dockerfile())
            .withBuildArg("BASE_IMAGE", BASE_IMAGE);

    private ContainerSettings() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The module's Dockerfile, once the jar it copies has been packaged (failsafe sets both properties). */
    private static Path dockerfile() {
        Path jar = Path.of(required("gev.it.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the container tests run in mvn verify, after package");
        }
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
