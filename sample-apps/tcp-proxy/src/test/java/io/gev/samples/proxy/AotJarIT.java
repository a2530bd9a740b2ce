package io.gev.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.AotSampleJar;
import io.gev.GevServer;
import java.io.DataInputStream;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): bytes through it to a gev echo
 * server and back.
 */
@Timeout(180)
class AotJarIT {

    @Test
    void relaysFromItsGeneratedBeanDefinitions() throws Exception {
        GevServer echo = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1).build();
        echo.start();
        try (echo; AotSampleJar sample = AotSampleJar.start("--proxy.upstreams=127.0.0.1:" + echo.port(),
                "--server.port=0", "--server.address=127.0.0.1");
                Socket client = new Socket("127.0.0.1", sample.port())) {
            client.setSoTimeout(10_000);
            byte[] payload = new byte[50_000];
            new Random(23).nextBytes(payload);
            client.getOutputStream().write(payload);
            byte[] back = new byte[payload.length];
            new DataInputStream(client.getInputStream()).readFully(back);
            assertThat(back).isEqualTo(payload);
        }
    }
}
