package io.gev;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) run as a process on a free port of 127.0.0.1, without
 * persistence, which a test can stop and start again on the same port, and send commands to over a plain socket. For
 * the samples' tests that run several instances on one Redis (in the engine's test jar, as {@link Haproxy} is). Every
 * wait is bounded. Not thread safe.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    /** Starts a redis-server on a free port and returns once it answers PING. */
    public static RedisProcess start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(port);
        redis.restart();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Starts it again on its port (empty: nothing was persisted) and returns once it answers PING. */
    public void restart() throws IOException {
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "redis-" + port + ".log"))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("redis-server cannot be run (" + e.getMessage() + "): install the Debian "
                    + "package redis-server", e);
        }
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "PONG".equals(call("PING")));
    }

    /**
     * Sends one command on a connection of its own and returns the reply: a {@code String} for a status or bulk
     * string, a {@code Long} for an integer, a {@code List} for an array, null for a null reply.
     *
     * @throws IOException when it cannot be sent, or the reply is an error (its text is the message)
     */
    public Object call(String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Object reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException(line);
            case ':' -> Long.parseLong(line);
            case '$' -> Integer.parseInt(line) < 0 ? null : bulk(in, Integer.parseInt(line));
            case '*' -> {
                List<Object> items = new ArrayList<>();
                for (int i = Integer.parseInt(line); i > 0; i--) {
                    items.add(reply(in));
                }
                yield items;
            }
            default -> throw new IOException("not a RESP reply: " + (char) type + line);
        };
    }

    private static String bulk(InputStream in, int length) throws IOException {
        String text = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        line(in);
        return text;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a reply");
            }
            line.write(b);
        }
        in.read(); // the LF
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Stops it and waits until the process is gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
