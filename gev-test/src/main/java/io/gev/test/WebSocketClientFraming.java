package io.gev.test;

import io.gev.Frame;
import io.gev.buffer.RingBuffer;
import io.gev.websocket.MessageType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client's side of WebSocket (RFC 6455) for a {@link GevTestClient}: the upgrade request and the check of its
 * answer, masked frames out (text for a {@link CharSequence}, binary for a {@code byte[]}), and the server's unmasked
 * frames in: fragments joined into messages (each a {@link Frame} whose context is its {@link MessageType}), pings
 * answered with pongs, a close answered and reported. The engine's codec is the server's side (it requires masked
 * frames), so the client's side is here. Compression is not offered. Not thread safe.
 */
final class WebSocketClientFraming implements ClientFraming {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 16 * 1024;

    private final SecureRandom random = new SecureRandom();
    private final String key;
    private final int maxMessageSize;
    private final RingBuffer in = new RingBuffer();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private MessageType messageType;
    private boolean upgraded;
    /** The close code the server sent, once it did. */
    private Integer closeCode;

    WebSocketClientFraming(int maxMessageSize) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.maxMessageSize = maxMessageSize;
    }

    /** The upgrade request for {@code path} on {@code host}. */
    byte[] upgradeRequest(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the server answered the upgrade with 101 and the right accept key. */
    boolean isUpgraded() {
        return upgraded;
    }

    /** The close code of the server's close frame, or null while it sent none. */
    Integer closeCode() {
        return closeCode;
    }

    @Override
    public byte[] pack(Object message) {
        if (message instanceof CharSequence text) {
            return frame(0x81, text.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (message instanceof byte[] bytes) {
            return frame(0x82, bytes);
        }
        throw new IllegalArgumentException("a WebSocket client sends text or byte[], not " + message.getClass());
    }

    /** A close frame with {@code code}. */
    byte[] close(int code) {
        return frame(0x88, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** One masked frame: the first byte (FIN and opcode), then the length, the mask and the masked payload. */
    private byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write(first);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    @Override
    public List<Frame> unpack(byte[] bytes, Consumer<byte[]> reply) {
        in.write(bytes);
        List<Frame> out = new ArrayList<>();
        if (!upgraded && !readHead()) {
            return out;
        }
        while (closeCode == null && readFrame(out, reply)) {
            // each loop takes one whole frame
        }
        return out;
    }

    /** Takes the server's answer to the upgrade once it is whole; returns whether it was. */
    private boolean readHead() {
        byte[] all = in.bytes();
        int end = new String(all, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        if (end < 0) {
            if (all.length > MAX_HEAD) {
                throw new IllegalStateException("no end of the upgrade answer within " + MAX_HEAD + " bytes");
            }
            return false;
        }
        String head = new String(in.readBytes(end + 4), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new IllegalStateException("the server refused the upgrade: " + head.lines().findFirst().orElse(""));
        }
        String accept = accept(key);
        boolean accepted = head.lines().anyMatch(l -> l.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                && l.substring(21).strip().equals(accept));
        if (!accepted) {
            throw new IllegalStateException("the upgrade answer lacks Sec-WebSocket-Accept: " + accept + "; " + head);
        }
        upgraded = true;
        return true;
    }

    /** Takes one whole frame if there is one: a message's last fragment goes to {@code out}. */
    private boolean readFrame(List<Frame> out, Consumer<byte[]> reply) {
        if (in.length() < 2) {
            return false;
        }
        int first = in.peekByte(0) & 0xFF;
        int second = in.peekByte(1) & 0x7F;
        int header = second == 126 ? 4 : second == 127 ? 10 : 2;
        if (in.length() < header) {
            return false;
        }
        long length = second == 126 ? in.peekUnsignedShort(2) : second == 127 ? in.peekLong(2) : second;
        if (length < 0 || length > maxMessageSize) {
            throw new IllegalStateException("a frame of " + length + " bytes, over the client's limit");
        }
        if (in.length() < header + length) {
            return false;
        }
        in.retrieve(header);
        byte[] payload = in.readBytes((int) length);
        handle(first, payload, out, reply);
        return true;
    }

    private void handle(int first, byte[] payload, List<Frame> out, Consumer<byte[]> reply) {
        int opcode = first & 0x0F;
        switch (opcode) {
            case 0x1, 0x2 -> messageType = opcode == 1 ? MessageType.TEXT : MessageType.BINARY;
            case 0x0 -> {
                // a continuation of the message begun
            }
            case 0x8 -> {
                closeCode = payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
                reply.accept(frame(0x88, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]));
                return;
            }
            case 0x9 -> {
                reply.accept(frame(0x8A, payload));
                return;
            }
            default -> {
                return; // a pong, or an opcode this client ignores
            }
        }
        if (message.size() + payload.length > maxMessageSize) {
            throw new IllegalStateException("a message over the client's limit of " + maxMessageSize + " bytes");
        }
        message.writeBytes(payload);
        if ((first & 0x80) != 0) {
            out.add(new Frame(messageType, message.toByteArray()));
            message.reset();
        }
    }

    /** The Sec-WebSocket-Accept value for {@code key}. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + ACCEPT_GUID)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
