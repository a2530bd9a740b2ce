package io.gev.samples.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal pipelining RESP2 client for tests: commands are written as multibulk requests and replies read one by one
 * with {@link RespValue} and given as Java values (simple strings and bulk strings as String, integers as Long, errors
 * as {@link Error}, nil as null, arrays as List).
 * Every read is bounded by a socket timeout.
 */
final class RespClient implements AutoCloseable {

    /** An error reply. */
    record Error(String message) {
    }

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    RespClient(int port) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(15_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Queues a command; {@link #flush()} sends what was queued. */
    void write(String... words) throws IOException {
        out.write(("*" + words.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.ISO_8859_1);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Sends one command and reads its reply. */
    Object call(String... words) throws IOException {
        write(words);
        flush();
        return read();
    }

    /** Reads the next reply. */
    Object read() throws IOException {
        return decoded(RespValue.read(in));
    }

    /** {@code reply} as the Java value this client gives for it. */
    private static Object decoded(RespValue reply) throws IOException {
        boolean nil = reply.raw().startsWith(reply.type() + "-1\r\n"); // a null bulk string or array
        return switch (reply.type()) {
            case '+' -> reply.text();
            case '$' -> nil ? null : reply.text();
            case '-' -> new Error(reply.text());
            case ':' -> Long.parseLong(reply.text());
            case '*' -> {
                if (nil) {
                    yield null;
                }
                List<Object> elements = new ArrayList<>(reply.elements().size());
                for (RespValue element : reply.elements()) {
                    elements.add(decoded(element));
                }
                yield elements;
            }
            default -> throw new IOException("unexpected reply " + reply.shown());
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
