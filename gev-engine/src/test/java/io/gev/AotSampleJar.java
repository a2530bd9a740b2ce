package io.gev;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A sample's executable jar (path in the system property {@code gev.it.jar}, set by failsafe) run as a process of
 * its own with {@code -Dspring.aot.enabled=true}: the bean definitions generated at build time by {@code process-aot}
 * replace the run-time configuration classes. {@link #start} returns once Spring Boot says the application started,
 * and fails unless it started <em>AOT-processed</em>. Every gev server binds a free port on 127.0.0.1
 * ({@code gev.port=0}); {@link #port} reads it from the server's log line. Closing sends SIGTERM and waits for the
 * process to end. For the samples' {@code AotJarIT}s.
 */
public final class AotSampleJar implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds");
    private static final Pattern LISTENING = Pattern.compile("gev server '([^']*)' .* listening on [^ ]*:(\\d+)");
    private static final String AOT_STARTING = "Starting AOT-processed ";

    private final Path jar;
    private final Process process;
    private final Path log;

    private AotSampleJar(Path jar, Process process, Path log) {
        this.jar = jar;
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with {@code args} (Spring properties such as {@code --push.interval=100ms}). */
    public static AotSampleJar start(String... args) throws IOException, InterruptedException {
        return start(List.of(), args);
    }

    /**
     * Like {@link #start(String...)}, under {@code ulimit -n fdLimit}: a process that may run out of file descriptors
     * (bash execs the JVM, so the process is the JVM itself).
     */
    public static AotSampleJar startUnderFdLimit(int fdLimit, String... args)
            throws IOException, InterruptedException {
        return start(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"", "bash"), args);
    }

    private static AotSampleJar start(List<String> prefix, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("gev.it.jar", "(gev.it.jar is not set)"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no sample jar at " + jar + ": run the tests with mvn verify");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true", "-jar", jar.toString(),
                "--gev.host=127.0.0.1", "--gev.port=0", "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("aot-sample", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AotSampleJar sample = new AotSampleJar(jar, process, log);
        sample.awaitStarted();
        return sample;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the sample ended with " + process.exitValue() + ":\n" + output());
                }
                return STARTED.matcher(output()).find();
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError("the sample did not start within " + START_TIMEOUT + ":\n" + output(), e);
        }
        if (!output().contains(AOT_STARTING)) {
            close();
            throw new AssertionError("the sample started without its AOT-generated code:\n" + output());
        }
    }

    /** The port gev server {@code name} ({@code default} for the unnamed one) listens on. */
    public int port(String name) throws IOException {
        Matcher m = LISTENING.matcher(output());
        Map<String, Integer> ports = new LinkedHashMap<>();
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Integer port = ports.get(name);
        if (port == null) {
            throw new AssertionError("no gev server '" + name + "' listening, only " + ports + ":\n" + output());
        }
        return port;
    }

    /** The port of the default gev server. */
    public int port() throws IOException {
        return port("default");
    }

    /**
     * The native-image metadata {@code process-aot} generated for the application, the jar's one
     * {@code META-INF/native-image/<group>/<artifact>/reachability-metadata.json} (JSON).
     */
    public String nativeImageMetadata() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> entries = file.stream().filter(e -> e.getName().startsWith("META-INF/native-image/")
                    && e.getName().endsWith("/reachability-metadata.json")).toList();
            if (entries.size() != 1) {
                throw new AssertionError("not one reachability-metadata.json in " + jar + ": " + entries);
            }
            try (InputStream in = file.getInputStream(entries.get(0))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Everything the process printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL if the process is still there after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
