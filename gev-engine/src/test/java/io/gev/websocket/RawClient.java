package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A WebSocket client on a plain socket: it writes exactly the bytes a test builds (frames from {@link ClientFrames})
 * and reads back exactly what the server sent.
 */
final class RawClient implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ClientFrames frames = new ClientFrames();

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A TCP connection to {@code server}, nothing sent yet. */
    static RawClient connect(GevServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    /** A WebSocket to {@code server}, upgraded on {@code /}. */
    static RawClient open(GevServer server) throws IOException {
        RawClient client = connect(server);
        assertThat(client.request(upgradeRequest("/"))).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        return client;
    }

    /** A valid upgrade request for {@code path}, with {@code extraHeaders} (each ending with CRLF) before its end. */
    static String upgradeRequest(String path, String... extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + String.join("", extraHeaders)
                + "\r\n";
    }

    /** Sends {@code request} and returns the response head, through its empty line. */
    String request(String request) throws IOException {
        write(request.getBytes(StandardCharsets.ISO_8859_1));
        return readHead();
    }

    /** Reads a response head, through its empty line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a final, masked frame of {@code opcode}. */
    void send(int opcode, byte[] payload) throws IOException {
        write(frame(0x80 | opcode, payload));
    }

    void sendText(String text) throws IOException {
        send(0x1, utf8(text));
    }

    /** See {@link ClientFrames#frame(int, byte[])}. */
    byte[] frame(int b0, byte[] payload) {
        return frames.frame(b0, payload);
    }

    /** See {@link ClientFrames#frame(int, byte[], int, boolean)}. */
    byte[] frame(int b0, byte[] payload, int form, boolean masked) {
        return frames.frame(b0, payload, form, masked);
    }

    /** Reads exactly {@code n} bytes. */
    byte[] read(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** Reads exactly the bytes of {@code expected} and asserts they are those. */
    void expect(byte[] expected) throws IOException {
        assertThat(HexFormat.of().formatHex(read(expected.length))).isEqualTo(HexFormat.of().formatHex(expected));
    }

    /** Expects the unmasked server frame with first byte {@code b0} and {@code payload}, length in shortest form. */
    void expectFrame(int b0, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(b0);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        frame.write(payload, 0, payload.length);
        expect(frame.toByteArray());
    }

    /** A frame the server sent: its first byte (FIN, RSV, opcode) and its payload. */
    record ServerFrame(int b0, byte[] payload) {
    }

    /** Reads the next frame, whatever it is; server frames must not be masked. */
    ServerFrame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are not masked").isZero();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new ServerFrame(b0, read((int) length));
    }

    void expectText(String text) throws IOException {
        expectFrame(0x81, utf8(text));
    }

    /** Expects a close frame with {@code code} and no reason, then the end of the stream. */
    void expectCloseAndEnd(int code) throws IOException {
        expect(new byte[] {(byte) 0x88, 2, (byte) (code >>> 8), (byte) code});
        expectEnd();
    }

    /** Expects the server to close the TCP connection with nothing more sent. */
    void expectEnd() throws IOException {
        assertThat(in.read()).as("end of stream").isEqualTo(-1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The given frames (or any byte arrays) one after the other, for a single write. */
    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** {@code n} bytes of a repeating pattern. */
    static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** A text of {@code n} ASCII characters. */
    static String text(int n) {
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            text.append((char) ('a' + i % 26));
        }
        return text.toString();
    }
}
