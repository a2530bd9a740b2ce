package io.gev.samples.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.gev.AotSampleJar;
import io.gev.samples.protobuf.messages.msg1;
import io.gev.samples.protobuf.messages.msg2;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The protobuf sample's jar started AOT-processed ({@code -Dspring.aot.enabled=true}): it answers typed messages in
 * envelopes, and its native-image metadata registers the handler's message types and their builders.
 */
@Timeout(180)
class AotJarIT {

    @Test
    void answersTypedMessagesFromItsGeneratedBeanDefinitions() throws Exception {
        try (AotSampleJar sample = AotSampleJar.start();
                ProtobufClient client = new ProtobufClient("127.0.0.1", sample.port())) {
            client.send(msg1.newBuilder().setValue("ahead of time").build());
            assertThat(client.receive()).isEqualTo(msg2.newBuilder().setValue(13)
                    .addWords("ahead").addWords("of").addWords("time").build());
            client.send(msg2.newBuilder().addWords("and").addWords("back").build());
            assertThat(client.receive()).isEqualTo(msg1.newBuilder().setValue("and back").build());

            assertThat(JsonPath.<List<String>>read(sample.nativeImageMetadata(), "$.reflection[*].type")).contains(
                    msg1.class.getName(), msg1.Builder.class.getName(), msg2.class.getName(),
                    msg2.Builder.class.getName());
        }
    }
}
