package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.gev.AotSampleJar;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): it echoes over TCP, and its
 * native-image metadata carries gev's own hints.
 */
@Timeout(180)
class AotJarIT {

    @Test
    void echoesFromItsGeneratedBeanDefinitions() throws Exception {
        try (AotSampleJar sample = AotSampleJar.start("--server.port=0", "--server.address=127.0.0.1")) {
            byte[] payload = new byte[10_000];
            new Random(19).nextBytes(payload);
            try (Socket socket = new Socket()) {
                socket.setSoTimeout(10_000);
                socket.connect(new InetSocketAddress("127.0.0.1", sample.port()), 10_000);
                socket.getOutputStream().write(payload);
                assertThat(EchoServerApplicationTests.readExactly(socket.getInputStream(), payload.length))
                        .isEqualTo(payload);
            }
            String metadata = sample.nativeImageMetadata();
            assertThat(JsonPath.<List<String>>read(metadata, "$.reflection[*].type")).contains(
                    "io.gev.TcpConnection", "io.gev.samples.echo.EchoHandler");
            assertThat(JsonPath.<List<String>>read(metadata,
                    "$.reflection[?(@.type == 'java.util.concurrent.Executors')].methods[*].name"))
                    .contains("newVirtualThreadPerTaskExecutor");
        }
    }
}
