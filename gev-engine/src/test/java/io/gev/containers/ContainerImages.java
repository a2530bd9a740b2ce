package io.gev.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images the samples' container tests ({@code *IT}) run on. They default to public ones, for a machine with an
 * ordinary Docker; a machine without registry access (CI, see {@code .ci/run} and {@code .ci/images}) names local
 * images in environment variables:
 * <ul>
 * <li>{@code GEV_IT_BASE_IMAGE}: an image with Java 17+ on its PATH, that the samples' images are built on (default
 * {@value #DEFAULT_BASE_IMAGE});</li>
 * <li>{@code GEV_IT_HAPROXY_IMAGE}: an image with {@code haproxy} on its PATH (default
 * {@value #DEFAULT_HAPROXY_IMAGE});</li>
 * <li>{@code GEV_IT_REDIS_IMAGE}: an image with {@code redis-server} and {@code redis-cli} on its PATH (default
 * {@value #DEFAULT_REDIS_IMAGE}).</li>
 * </ul>
 * Thread safe.
 */
public final class ContainerImages {

    public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";
    public static final String DEFAULT_HAPROXY_IMAGE = "haproxy:2.8";
    public static final String DEFAULT_REDIS_IMAGE = "redis:7";

    public static final String BASE_IMAGE = env("GEV_IT_BASE_IMAGE", DEFAULT_BASE_IMAGE);
    public static final String HAPROXY_IMAGE = env("GEV_IT_HAPROXY_IMAGE", DEFAULT_HAPROXY_IMAGE);
    public static final String REDIS_IMAGE = env("GEV_IT_REDIS_IMAGE", DEFAULT_REDIS_IMAGE);

    private ContainerImages() {
    }

    /**
     * The image of the sample whose repackaged jar failsafe names in the system property {@code gev.it.jar}: the jar
     * on {@link #BASE_IMAGE}, run as nobody. Built once per test JVM when first started, removed when the JVM exits.
     */
    public static ImageFromDockerfile sampleImage(String name) {
        return new ImageFromDockerfile("gev-it/" + name, true)
                .withFileFromPath("app.jar", packagedJar())
                .withDockerfileFromBuilder(dockerfile -> dockerfile.from(BASE_IMAGE)
                        .copy("app.jar", "/app/app.jar")
                        .user("65534:65534")
                        .entryPoint("java", "-jar", "/app/app.jar")
                        .build());
    }

    /** The sample's jar, which must have been packaged: the container tests run in mvn verify, after package. */
    public static Path packagedJar() {
        String property = System.getProperty("gev.it.jar");
        if (property == null) {
            throw new IllegalStateException("system property gev.it.jar is not set: run the *IT tests with mvn "
                    + "verify (see the failsafe configuration in the parent pom)");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the container tests run in mvn verify, after package");
        }
        return jar;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
