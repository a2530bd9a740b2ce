package io.gev.samples.redis;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The redis sample as a process of its own (this JVM's class path, a port of its own on 127.0.0.1), for the tests a
 * crash is part of: {@link #kill()} is SIGKILL. Its output goes to a file, read by {@link #output()}.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("gev server .* listening on [^ ]*:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private int port;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the server with {@code args} (Spring's or redis-server's) and returns once it listens. */
    static ServerProcess start(Path dir, String... args) throws IOException {
        ServerProcess server = launch(dir, args);
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!server.process.isAlive()) {
                throw new AssertionError("the server ended with " + server.process.exitValue() + ":\n"
                        + server.output());
            }
            Matcher listening = LISTENING.matcher(server.output());
            if (listening.find()) {
                server.port = Integer.parseInt(listening.group(1));
                return true;
            }
            return false;
        });
        return server;
    }

    /** Starts the server with {@code args} without waiting for anything. */
    static ServerProcess launch(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RedisServerApplication.class.getName(), "--gev.host=127.0.0.1", "--gev.port=0", "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "server", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(dir.toFile()).start();
        return new ServerProcess(process, log);
    }

    int port() {
        return port;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    /** Waits (bounded) for the process to end and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not end within 60 s");
        }
        return process.exitValue();
    }

    /** Everything the process printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The append-only file of a server started in {@code dir} with the default file name. */
    static File aofIn(Path dir) {
        return dir.resolve("appendonly.aof").toFile();
    }
}
