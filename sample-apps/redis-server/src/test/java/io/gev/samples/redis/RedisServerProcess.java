package io.gev.samples.redis;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package redis-server) run as a process on a free port of 127.0.0.1,
 * without persistence ({@code --save '' --appendonly no}), for tests that compare the sample with it. Every wait is
 * bounded; {@link #close} stops it.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a redis-server and returns once it answers PING. */
    static RedisServerProcess start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "redis-server-" + port + ".log"))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("redis-server cannot be run (" + e.getMessage() + "): install the Debian "
                    + "package redis-server (apt-get install --no-install-recommends redis-server)", e);
        }
        RedisServerProcess server = new RedisServerProcess(process, port);
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(server::answersPing);
        return server;
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    private boolean answersPing() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("redis-server exited with " + process.exitValue());
        }
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("PING\r\n");
            return connection.receive(7).equals("+PONG\r\n");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
