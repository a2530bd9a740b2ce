package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.gev.AotSampleJar;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): its page (a class path resource,
 * registered for native images by {@link ChatPageHints}) over HTTP, and two members talking over WebSocket.
 */
@Timeout(180)
class AotJarIT {

    @Test
    void servesThePageAndTheRoomFromItsGeneratedBeanDefinitions() throws Exception {
        try (AotSampleJar sample = AotSampleJar.start("--server.port=0", "--server.address=127.0.0.1")) {
            HttpResponse<byte[]> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sample.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(page.statusCode()).isEqualTo(200);
            try (InputStream in = AotJarIT.class.getResourceAsStream("/static/index.html")) {
                assertThat(page.body()).isEqualTo(in.readAllBytes());
            }
            try (ChatMember ann = ChatMember.join(sample.port(), "ann");
                    ChatMember bob = ChatMember.join(sample.port(), "bob")) {
                ann.awaitHeard("* bob joined");
                bob.say("compiled ahead");
                ann.awaitHeard("bob: compiled ahead");
            }
            assertThat(JsonPath.<List<String>>read(sample.nativeImageMetadata(), "$.resources[*].glob"))
                    .contains("static/index.html");
        }
    }
}
