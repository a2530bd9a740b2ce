package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.AotSampleJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The redis sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): RESP commands and replies. */
@Timeout(180)
class AotJarIT {

    @Test
    void answersRespFromItsGeneratedBeanDefinitions() throws Exception {
        try (AotSampleJar sample = AotSampleJar.start("--server.port=0", "--server.address=127.0.0.1");
                RespClient client = new RespClient(sample.port())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(client.call("SET", "aot", "yes")).isEqualTo("OK");
            assertThat(client.call("GET", "aot")).isEqualTo("yes");
            assertThat(client.call("INCR", "n")).isEqualTo(1L);
        }
    }
}
