package io.gev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A TLS client for channels the JDK's {@code SSLSocket} cannot use (a Unix domain socket): a client-mode
 * {@link SSLEngine} driven over a blocking channel, for one request and its reply.
 */
final class TlsOverChannel {

    private TlsOverChannel() {
    }

    /** Handshakes, sends {@code request} and returns as many bytes of plaintext as it had. */
    static String roundTrip(SSLEngine engine, ByteChannel channel, String request) throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer netIn = ByteBuffer.allocate(packet * 2);
        ByteBuffer netOut = ByteBuffer.allocate(packet * 2);
        ByteBuffer appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        ByteBuffer appOut = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
        int expected = appOut.remaining();
        engine.beginHandshake();
        while (appOut.hasRemaining() || appIn.position() < expected) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP || status == HandshakeStatus.NOT_HANDSHAKING
                    && appOut.hasRemaining()) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(appOut, netOut);
                check(result);
                netOut.flip();
                while (netOut.hasRemaining()) {
                    channel.write(netOut);
                }
            } else {
                SSLEngineResult result = engine.unwrap(netIn.flip(), appIn);
                netIn.compact();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                        || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    if (channel.read(netIn) < 0) {
                        throw new IOException("end of stream during TLS");
                    }
                }
            }
        }
        return new String(appIn.array(), 0, appIn.position(), StandardCharsets.UTF_8);
    }

    private static void check(SSLEngineResult result) throws IOException {
        if (result.getStatus() != SSLEngineResult.Status.OK) {
            throw new IOException("TLS wrap: " + result.getStatus());
        }
    }
}
