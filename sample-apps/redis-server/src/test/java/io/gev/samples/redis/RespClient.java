package io.gev.samples.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
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
 * (simple strings and bulk strings as String, integers as Long, errors as {@link Error}, nil as null, arrays as List).
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
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(Integer.parseInt(line));
            case '*' -> array(Integer.parseInt(line));
            case -1 -> throw new EOFException("end of stream");
            default -> throw new IOException("unexpected reply type " + (char) type + line);
        };
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
            throw new EOFException("end of stream in a bulk string");
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private List<Object> array(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(read());
        }
        return elements;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("end of stream in a line");
            }
            line.append((char) b);
        }
        in.read(); // \n
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
