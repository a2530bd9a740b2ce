package io.gev.samples.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.AotSampleJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The push sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): it pushes ticks. */
@Timeout(180)
class AotJarIT {

    @Test
    void pushesTicksFromItsGeneratedBeanDefinitions() throws Exception {
        try (AotSampleJar sample = AotSampleJar.start("--push.interval=100ms", "--server.port=0",
                "--server.address=127.0.0.1");
                TickClient client = TickClient.connect(sample.port())) {
            long first = client.nextTick();
            assertThat(client.nextTick()).isGreaterThan(first);
        }
    }
}
