package io.gev.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client (RFC 6455) as a {@link Wire}: its plaintext is message payloads. {@link #start()} sends the
 * upgrade request; each {@link #write} sends the bytes given as one masked text message; {@link #read} yields the
 * payloads of the server's data frames, inflated when compressed, answers pings and fails on a close frame.
 *
 * <p>With {@code deflate} it offers permessage-deflate (RFC 7692) and fails the handshake if the server does not take
 * it: every message is then compressed with the JDK's {@link Deflater} (default level, {@code SYNC_FLUSH}, the
 * trailing {@code 00 00 ff ff} removed), with context takeover unless the server asks for
 * {@code client_no_context_takeover}, and the server's compressed messages inflated. Its buffers are sized for the
 * messages of the run, so that 10,000 wires fit in memory: a server frame must fit the input buffer and its inflated
 * message the caller's buffer (the load tools keep one message in flight).
 * Counts the bytes of the server's frames and of their payloads, for the compression ratio. Not thread safe.
 */
final class WebSocketWire extends Wire {

    /** The largest frame header, and the room of a ping or pong frame. */
    private static final int HEADER = 14;
    private static final int CONTROL = 131;
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final int TEXT = 0x1;
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;

    private final String path;
    private final boolean offerDeflate;
    private final SplittableRandom random;
    private final ByteBuffer in;
    private final ByteBuffer out;
    /** Where a message is compressed before it is framed; made with the deflater. */
    private ByteBuffer compressed;
    private boolean upgraded;
    private Deflater deflater;
    private Inflater inflater;
    private boolean resetDeflater;
    /** Whether the message whose frames are arriving is compressed (RSV1 on its first frame). */
    private boolean inflating;
    /** Bytes of the server's data frames, headers included, and the message bytes they carried (inflated). */
    long frameBytesIn;
    long messageBytesIn;

    /** A wire for messages of at most {@code maxMessage} bytes; the handshake must fit 4 KiB. */
    WebSocketWire(SocketChannel channel, String path, boolean deflate, int maxMessage, long seed) {
        super(channel);
        int room = Math.max(4096, HEADER + maxMessage + 2 * CONTROL);
        this.in = ByteBuffer.allocateDirect(room);
        this.out = ByteBuffer.allocateDirect(room);
        this.path = path;
        this.offerDeflate = deflate;
        this.random = new SplittableRandom(seed);
    }

    @Override
    void start() throws IOException {
        byte[] key = new byte[16];
        random.nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                + "\r\n";
        out.put(request.getBytes(StandardCharsets.US_ASCII));
        flush();
    }

    @Override
    boolean established() {
        return upgraded;
    }

    @Override
    int read(ByteBuffer dst) throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            return -1;
        }
        in.flip();
        int start = dst.position();
        try {
            if (!upgraded && !upgrade()) {
                return 0;
            }
            while (frame(dst)) {
                // each whole frame read
            }
        } finally {
            in.compact();
        }
        return dst.position() - start;
    }

    /** Reads the handshake response if it is whole; returns whether the WebSocket is open. */
    private boolean upgrade() throws IOException {
        int end = headEnd();
        if (end < 0) {
            if (!in.hasRemaining() || in.limit() == in.capacity()) {
                throw new IOException("no handshake response in " + in.limit() + " bytes");
            }
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String response = new String(head, StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("the upgrade was refused: " + response.lines().findFirst().orElse(""));
        }
        String extensions = header(response, "sec-websocket-extensions");
        boolean deflate = extensions.contains("permessage-deflate");
        if (offerDeflate && !deflate) {
            throw new IOException("the server did not take permessage-deflate (no Sec-WebSocket-Extensions reply)");
        }
        if (deflate) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            compressed = ByteBuffer.allocateDirect(out.capacity()); // a compressed message may grow a little
            inflater = new Inflater(true);
            resetDeflater = extensions.contains("client_no_context_takeover");
        }
        upgraded = true;
        return true;
    }

    /** The position just after the response head's empty line, or -1. */
    private int headEnd() {
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static String header(String head, String name) {
        return head.lines().map(line -> line.toLowerCase(Locale.ROOT))
                .filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> line.substring(name.length() + 1).trim()).orElse("");
    }

    /** Handles the next frame if it is whole; returns whether it did. */
    private boolean frame(ByteBuffer dst) throws IOException {
        int at = in.position();
        int available = in.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = in.get(at) & 0xff;
        int b1 = in.get(at + 1) & 0x7f;
        int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
        if (available < header) {
            return false;
        }
        long length = b1 < 126 ? b1 : b1 == 126 ? in.getShort(at + 2) & 0xffff : in.getLong(at + 2);
        if (header + length > in.capacity()) {
            throw new IOException("a server frame of " + length + " bytes is larger than the load tool takes");
        }
        if (available < header + length) {
            return false;
        }
        ByteBuffer payload = in.slice(at + header, (int) length);
        in.position(at + header + (int) length);
        int opcode = b0 & 0x0f;
        if (opcode >= 0x8) {
            control(opcode, payload);
            return true;
        }
        frameBytesIn += header + length;
        if (opcode != 0) {
            inflating = (b0 & RSV1) != 0;
        }
        int before = dst.position();
        if (inflating) {
            inflate(payload, dst, (b0 & FIN) != 0);
        } else {
            dst.put(payload);
        }
        messageBytesIn += dst.position() - before;
        return true;
    }

    private void control(int opcode, ByteBuffer payload) throws IOException {
        if (opcode == 0x8) {
            throw new IOException("the server closed the WebSocket");
        }
        if (opcode == 0x9) {
            frame(0xA | FIN, payload);
            flush();
        }
    }

    private void inflate(ByteBuffer payload, ByteBuffer dst, boolean last) throws IOException {
        try {
            inflater.setInput(payload);
            inflater.inflate(dst);
            if (last) {
                inflater.setInput(ByteBuffer.wrap(TAIL));
                inflater.inflate(dst);
            }
        } catch (DataFormatException e) {
            throw new IOException("a compressed message does not inflate", e);
        }
        if (!inflater.needsInput()) {
            throw new IOException("an inflated message does not fit the load tool's buffer");
        }
    }

    /** Sends all of {@code src} as one text message, or nothing (returns 0) while earlier output waits. */
    @Override
    int write(ByteBuffer src) throws IOException {
        if (!flush()) {
            return 0;
        }
        int length = src.remaining();
        if (deflater == null) {
            frame(TEXT | FIN, src);
        } else {
            if (resetDeflater) {
                deflater.reset();
            }
            deflater.setInput(src);
            compressed.clear();
            deflater.deflate(compressed, Deflater.SYNC_FLUSH);
            if (!compressed.hasRemaining()) {
                throw new IOException("a compressed message does not fit the load tool's buffer");
            }
            compressed.flip().limit(compressed.limit() - TAIL.length);
            frame(TEXT | FIN | RSV1, compressed);
        }
        flush();
        return length;
    }

    /** Appends a masked frame with first byte {@code b0} carrying {@code payload}. */
    private void frame(int b0, ByteBuffer payload) {
        int length = payload.remaining();
        out.put((byte) b0);
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length <= 0xffff) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = random.nextInt();
        out.putInt(mask);
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            out.putInt(payload.getInt() ^ mask);
        }
        for (; i < length; i++) {
            out.put((byte) (payload.get() ^ mask >>> (24 - 8 * (i & 3))));
        }
    }

    @Override
    boolean flush() throws IOException {
        out.flip();
        try {
            channel.write(out);
        } finally {
            out.compact();
        }
        return out.position() == 0;
    }

    @Override
    boolean pending() {
        return out.position() > 0;
    }

    @Override
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    String protocol() {
        return deflater != null ? "websocket+deflate" : "websocket";
    }

    @Override
    String cipherSuite() {
        return "";
    }
}
