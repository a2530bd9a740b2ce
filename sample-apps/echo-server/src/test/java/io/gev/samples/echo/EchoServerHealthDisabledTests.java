package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;

/**
 * {@code management.health.gev.enabled=false} takes the gev contributor out of health; the server still serves. The
 * sample's application.yml puts {@code gev} into the readiness group, so the group has to lose it too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "gev.port=0", "gev.host=127.0.0.1",
        "management.health.gev.enabled=false", "management.endpoint.health.group.readiness.include=readinessState" })
@Timeout(30)
class EchoServerHealthDisabledTests {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    @Value("${local.gev.port}")
    int gevPort;

    @Value("${local.server.port}")
    int httpPort;

    @Autowired
    ApplicationContext context;

    @Test
    void healthHasNoGevComponentWhileTheServerStillEchoes() throws Exception {
        assertThat(context.containsBean("gevHealthIndicator")).isFalse();

        HttpClient http = HttpClient.newBuilder().connectTimeout(IO_TIMEOUT).build();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                        .timeout(IO_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
        Map<String, Object> components = JsonPath.read(health.body(), "$.components");
        assertThat(components).isNotEmpty().doesNotContainKey("gev");

        HttpResponse<String> readiness = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
                        .timeout(IO_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(readiness.body(), "$.status")).isEqualTo("UP");
        Map<String, Object> readinessComponents = JsonPath.read(readiness.body(), "$.components");
        assertThat(readinessComponents).containsOnlyKeys("readinessState");

        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", gevPort), (int) IO_TIMEOUT.toMillis());
            byte[] ping = "ping".getBytes();
            assertThat(EchoServerApplicationTests.echo(socket, ping)).isEqualTo(ping);
        }
    }

    /** With only the switch, the sample's readiness group names a contributor that no longer exists. */
    @Test
    void disablingGevHealthAloneFailsStartupBecauseTheReadinessGroupIncludesGev() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(EchoServerApplication.class)
                .properties("spring.main.banner-mode=off");
        assertThatThrownBy(() -> app.run("--gev.port=0", "--gev.host=127.0.0.1", "--server.port=0",
                "--management.health.gev.enabled=false").close())
                .hasStackTraceContaining("Included health contributor 'gev' in group 'readiness' does not exist");
    }
}
