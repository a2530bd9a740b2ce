package com.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.spring.autoconfigure.GevServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts the application on a free port and talks to it over a real socket. */
@SpringBootTest(properties = "gev.port=0")
class StandaloneApplicationTests {

    @Value("${local.gev.port}")
    int port;

    @Autowired
    GevServers servers;

    @Test
    void answersEachLineInUpperCaseWhateverTheSplit() throws Exception {
        assertThat(servers.get(GevServers.DEFAULT).isRunning()).isTrue();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("hello, gev\nsec".getBytes(StandardCharsets.UTF_8));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HELLO, GEV");
            out.write("ond\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("SECOND");
        }
    }
}
