package io.gev.spring.autoconfigure;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ApplicationContext;

/** Test helpers: a real socket round trip, and the ports the lifecycle published. */
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

    /** The port published as {@code local.gev.port} or {@code local.gev.<name>.port}. */
    public static int port(ApplicationContext context, String server) {
        String key = server.isEmpty() ? "local.gev.port" : "local.gev." + server + ".port";
        return context.getEnvironment().getRequiredProperty(key, Integer.class);
    }
}
