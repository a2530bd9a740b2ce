package io.gev.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's quick start works as printed. */
class EchoServerTest {

    @Test
    void quickStartEchoes() throws Exception {
        try (GevServer server = EchoServer.start("127.0.0.1", 0); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            byte[] reply = new byte[6];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("hello\n");
        }
    }
}
