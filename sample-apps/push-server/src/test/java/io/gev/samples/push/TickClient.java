package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain TCP client of the push server: reads the pushed lines and checks each is {@code tick N}. */
final class TickClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern TICK = Pattern.compile("tick ([1-9][0-9]*)");

    private final Socket socket;
    private final InputStream in;

    private TickClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    static TickClient connect(int port) throws IOException {
        return connect(new InetSocketAddress("127.0.0.1", port));
    }

    static TickClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, (int) TIMEOUT.toMillis());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return new TickClient(socket);
    }

    /** Reads the next line, which must be exactly {@code tick N} and a LF, and returns N. */
    long nextTick() throws IOException {
        String line = readLine();
        Matcher tick = TICK.matcher(line);
        assertThat(tick.matches()).as("pushed line %s", line).isTrue();
        return Long.parseLong(tick.group(1));
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("end of stream after \"" + line.toString(StandardCharsets.UTF_8) + "\"");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
