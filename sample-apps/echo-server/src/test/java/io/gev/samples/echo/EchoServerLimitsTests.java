package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.RefusalReason;
import io.gev.spring.autoconfigure.GevServers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The limits demo: connections over gev.max-connections are refused politely, idle ones are closed. */
class EchoServerLimitsTests {

    private static String readToEnd(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void overTheLimitAClientIsToldSoAndIdleClientsAreClosed() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoServerApplication.class)
                .run("--gev.port=0", "--gev.host=127.0.0.1", "--server.port=0", "--gev.max-connections=2",
                        "--gev.idle-timeout=1s", "--gev.timer.tick=10ms")) {
            int port = context.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
            GevServer server = context.getBean(GevServers.class).get(GevServers.DEFAULT);
            try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
                await().until(() -> server.connectionCount() == 2);
                try (Socket refused = new Socket("127.0.0.1", port)) {
                    assertThat(readToEnd(refused)).isEqualTo("server busy, try again later\r\n");
                }
                assertThat(server.stats().connectionsRefused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(1);
                long start = System.nanoTime();
                assertThat(readToEnd(a)).isEmpty(); // idle: closed by the server
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            }
            await().until(() -> server.connectionCount() == 0);
        }
    }
}
