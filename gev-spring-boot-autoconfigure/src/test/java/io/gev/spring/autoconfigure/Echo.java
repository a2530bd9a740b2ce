package io.gev.spring.autoconfigure;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ApplicationContext;

/** Test helpers: a real socket (or datagram) round trip, and the ports the lifecycle published. */
public final class Echo {

    private Echo() {
    }

    /** Sends {@code text} to 127.0.0.1:{@code port} and returns the first {@code replyLength} bytes of the reply. */
    public static String roundTrip(int port, String text, int replyLength) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            byte[] reply = new byte[replyLength];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            return new String(reply, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #roundTrip(int, String, int)} for a reply as long as the request. */
    public static String roundTrip(int port, String text) {
        return roundTrip(port, text, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * Sends {@code data} as one datagram from a fresh {@link DatagramChannel} on 127.0.0.1 to 127.0.0.1:{@code port}
     * and returns the text of the datagram that comes back.
     */
    public static String datagramRoundTrip(int port, byte[] data) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.socket().setSoTimeout(5000);
            channel.send(ByteBuffer.wrap(data), new InetSocketAddress("127.0.0.1", port));
            DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
            channel.socket().receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #datagramRoundTrip(int, byte[])} for the UTF-8 bytes of {@code text}. */
    public static String datagramRoundTrip(int port, String text) {
        return datagramRoundTrip(port, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The port published as {@code local.gev.port} or {@code local.gev.<name>.port}. */
    public static int port(ApplicationContext context, String server) {
        String key = server.isEmpty() || server.equals("default") ? "local.gev.port" : "local.gev." + server + ".port";
        return context.getEnvironment().getRequiredProperty(key, Integer.class);
    }
}
