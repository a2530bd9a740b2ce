package io.gev.bench.micro;

import io.gev.Connection;
import io.gev.Protocol;
import io.gev.websocket.MessageType;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link WebSocket#protocol} with the default options on an upgraded connection, unpacking masked client frames of
 * {@code payload} bytes, each a whole message: header checks, unmasking into the message array and, for {@code TEXT},
 * UTF-8 validation.
 */
public class WebSocketUnpackBenchmark extends UnpackBenchmark {

    private static final byte[] UPGRADE = ("GET /bench HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int FIN = 0x80;
    private static final int MASKED = 0x80;
    private static final byte[] MASKING_KEY = {0x37, (byte) 0xFA, 0x21, 0x3D};

    @Param({"BINARY", "TEXT"})
    public MessageType type;

    @Override
    protected Protocol protocol() {
        return WebSocket.protocol(WebSocketOptions.defaults());
    }

    @Override
    protected byte[] opening() {
        return UPGRADE;
    }

    /** A final, masked frame of the message type, with the 7- or 16-bit length form (payloads up to 64 KiB). */
    @Override
    protected byte[] frame(Protocol protocol, Connection connection) {
        byte[] data = Payloads.ascii(payload);
        int extended = data.length < 126 ? 0 : 2;
        byte[] frame = new byte[2 + extended + MASKING_KEY.length + data.length];
        frame[0] = (byte) (FIN | (type == MessageType.TEXT ? 0x1 : 0x2));
        frame[1] = (byte) (MASKED | (extended == 0 ? data.length : 126));
        if (extended == 2) {
            frame[2] = (byte) (data.length >>> 8);
            frame[3] = (byte) data.length;
        }
        int at = 2 + extended;
        System.arraycopy(MASKING_KEY, 0, frame, at, MASKING_KEY.length);
        at += MASKING_KEY.length;
        for (int i = 0; i < data.length; i++) {
            frame[at + i] = (byte) (data[i] ^ MASKING_KEY[i & 3]);
        }
        return frame;
    }
}
