package io.gev;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian package {@code haproxy}) as a process for a test: {@code mode tcp}, a config made of the given
 * sections after a defaults section, run in the foreground until {@link #close()}. HAProxy cannot bind port 0, so a
 * test picks {@link #freePort() free ports} for its frontends, and {@link #start} waits until they listen. Its
 * output goes to {@code haproxy.log} in the given directory ({@link #log()}, for assertion messages). Not thread safe.
 */
public final class Haproxy implements AutoCloseable {

    /** Where Debian installs it. */
    public static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path log;

    private Haproxy(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Whether HAProxy is installed (a test without it is skipped, not failed). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Writes the config into {@code dir}, starts HAProxy and waits (at most 10 s) until every port in
     * {@code frontends} listens.
     *
     * @param sections lines after the defaults: frontends, backends
     */
    public static Haproxy start(Path dir, List<Integer> frontends, String... sections) throws IOException {
        List<String> lines = new ArrayList<>(List.of("defaults", "    mode tcp", "    timeout connect 2s",
                "    timeout client 10s", "    timeout server 10s"));
        lines.addAll(List.of(sections));
        lines.add("");
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n", lines));
        Path log = dir.resolve("haproxy.log");
        Process process = new ProcessBuilder(BINARY.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy haproxy = new Haproxy(process, log);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !process.isAlive() || frontends.stream().allMatch(Haproxy::listening));
        } finally {
            if (!process.isAlive() || !frontends.stream().allMatch(Haproxy::listening)) {
                haproxy.close();
            }
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("haproxy exited:\n" + haproxy.log());
        }
        return haproxy;
    }

    /** A loopback port that was free a moment ago, for a frontend. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What HAProxy printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops HAProxy and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
