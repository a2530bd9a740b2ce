package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain TCP client for RESP bytes, every wait bounded by a read timeout. Text is sent and read as ISO-8859-1. */
final class RespConnection implements AutoCloseable {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket = new Socket();

    RespConnection(int port) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) IO_TIMEOUT.toMillis());
    }

    /** Writes {@code data} in one write. */
    void send(String data) throws IOException {
        send(data.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code data} in one write. */
    void send(byte[] data) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(data);
        out.flush();
    }

    /** Reads exactly {@code n} bytes. */
    String receive(int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        assertThat(bytes).as("bytes before end of stream").hasSize(n);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Reads as many bytes as {@code expected} has and asserts they are those. */
    void expect(String expected) throws IOException {
        assertThat(receive(expected.length())).isEqualTo(expected);
    }

    /** Reads one whole reply, RESP2 or RESP3. */
    RespValue reply() throws IOException {
        return RespValue.read(socket.getInputStream());
    }

    /** Asserts that the server closed the connection: end of stream comes next. */
    void expectEndOfStream() throws IOException {
        assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
