package io.gev.bench.measure;

import io.gev.GevServer;
import io.gev.websocket.MessageType;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketOptions;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The memory one WebSocket costs the server, with permessage-deflate off, with context takeover, and without it:
 * opens N WebSockets to an echo server in this JVM, each exchanging one compressed message both ways (so that its
 * compressor and inflater exist), and prints the growth of the process's resident memory (zlib's memory is native)
 * and of the heap in use, per connection. Run each mode in its own JVM with a fixed, pre-touched heap, so the
 * resident growth is native memory:
 *
 * <pre>
 * java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp benchmarks/target/classes:... \
 *     io.gev.bench.measure.WebSocketCompressionMemory off|takeover|no-takeover [connections] [words]
 * </pre>
 *
 * The message is a JSON chat line of {@code words} random words (default 8, about 80 bytes; 9000 make about 60 KB,
 * enough to touch all of a compressor's memory).
 */
public final class WebSocketCompressionMemory {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private WebSocketCompressionMemory() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int words = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        WebSocketOptions options = WebSocketOptions.builder().compression(!mode.equals("off"))
                .serverNoContextTakeover(mode.equals("no-takeover")).build();
        StringBuilder chat = new StringBuilder("{\"type\":\"chat\",\"user\":\"ann\",\"text\":\"");
        java.util.Random random = new java.util.Random(7692);
        for (int i = 0; i < words; i++) {
            chat.append(Integer.toString(random.nextInt(1 << 20), 36)).append(' ');
        }
        String text = chat.append("\"}").toString();
        byte[] frame = clientFrame(text.getBytes(StandardCharsets.UTF_8), !mode.equals("off"));
        try (GevServer server = GevServer.builder(WebSocket.handler((ws, type, data) ->
                        type == MessageType.TEXT ? new String(data, StandardCharsets.UTF_8) : data))
                .address("127.0.0.1", 0).loops(1).protocol(WebSocket.protocol(options)).build()) {
            server.start();
            List<Socket> open = new ArrayList<>();
            exchange(server.port(), frame, open); // warms up the loop's shared arrays and deflater
            settle();
            long rssBefore = residentBytes();
            long heapBefore = heapUsed();
            for (int i = 1; i < connections; i++) {
                exchange(server.port(), frame, open);
            }
            settle();
            long rss = (residentBytes() - rssBefore) / (connections - 1);
            long heap = (heapUsed() - heapBefore) / (connections - 1);
            System.out.printf("%s: %d connections: resident +%,d B, heap +%,d B per connection%n",
                    mode, connections, rss, heap);
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /** Opens a WebSocket (offering deflate when {@code frame} is compressed), sends {@code frame}, reads the echo. */
    private static void exchange(int port, byte[] frame, List<Socket> open) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        open.add(socket);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + ((frame[0] & 0x40) != 0 ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(frame);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int crlfs = 0;
        while (crlfs < 4) { // the response head ends with CR LF CR LF
            int b = in.readUnsignedByte();
            crlfs = b == (crlfs % 2 == 0 ? '\r' : '\n') ? crlfs + 1 : b == '\r' ? 1 : 0;
        }
        in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        in.readFully(new byte[length == 126 ? in.readUnsignedShort() : length]);
    }

    /** A masked (zero key) final text frame carrying {@code payload}, compressed (RSV1) or not. */
    private static byte[] clientFrame(byte[] payload, boolean compress) {
        byte[] body = payload;
        if (compress) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(payload);
            byte[] out = new byte[payload.length + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            deflater.end();
            body = java.util.Arrays.copyOf(out, n - 4);
        }
        int header = body.length < 126 ? 6 : 8;
        byte[] frame = new byte[header + body.length];
        frame[0] = (byte) (compress ? 0xC1 : 0x81);
        frame[1] = (byte) (0x80 | (header == 6 ? body.length : 126));
        if (header == 8) {
            frame[2] = (byte) (body.length >>> 8);
            frame[3] = (byte) body.length;
        }
        System.arraycopy(body, 0, frame, header, body.length);
        return frame;
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
