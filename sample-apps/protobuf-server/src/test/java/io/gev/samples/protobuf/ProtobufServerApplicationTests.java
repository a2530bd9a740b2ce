package io.gev.samples.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.gev.GevServer;
import io.gev.samples.protobuf.messages.msg1;
import io.gev.samples.protobuf.messages.msg2;
import io.gev.spring.autoconfigure.GevServers;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample on a free port, driven by its own client (protobuf-java messages in gev's envelope). */
class ProtobufServerApplicationTests {

    private static ConfigurableApplicationContext context;
    private static int port;
    private static GevServer server;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(ProtobufServerApplication.class)
                .run("--gev.port=0", "--gev.host=127.0.0.1");
        port = context.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
        server = context.getBean(GevServers.class).get(GevServers.DEFAULT);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void bothMessageTypesRoundTripTyped() throws Exception {
        try (ProtobufClient client = new ProtobufClient("127.0.0.1", port)) {
            Message reply = client.call(msg1.newBuilder().setValue("the quick  brown fox").build());
            assertThat(reply).isEqualTo(msg2.newBuilder().setValue(20)
                    .addWords("the").addWords("quick").addWords("brown").addWords("fox").build());
            Message back = client.call(reply);
            assertThat(back).isEqualTo(msg1.newBuilder().setValue("the quick brown fox").build());
            assertThat(client.call(msg1.getDefaultInstance())).isEqualTo(msg2.getDefaultInstance());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (ProtobufClient client = new ProtobufClient("127.0.0.1", port)) {
            for (int i = 0; i < 300; i++) {
                client.send(msg1.newBuilder().setValue("x".repeat(i)).build());
            }
            for (int i = 0; i < 300; i++) {
                assertThat(((msg2) client.receive()).getValue()).isEqualTo(i);
            }
        }
    }

    @Test
    void aWronglyFramedMessageClosesOnlyItsConnection() throws Exception {
        long errorsBefore = server.stats().protocolErrors();
        try (ProtobufClient good = new ProtobufClient("127.0.0.1", port);
             Socket unknownType = new Socket("127.0.0.1", port);
             Socket oversized = new Socket("127.0.0.1", port)) {
            assertThat(good.call(msg1.newBuilder().setValue("before").build())).isInstanceOf(msg2.class);

            byte[] name = "msg3".getBytes(StandardCharsets.UTF_8);
            DataOutputStream bad = new DataOutputStream(unknownType.getOutputStream());
            bad.writeInt(2 + name.length);
            bad.writeShort(name.length);
            bad.write(name);
            bad.flush();
            assertEndOfStream(unknownType);

            DataOutputStream huge = new DataOutputStream(oversized.getOutputStream());
            huge.writeInt(1 << 30); // the sample allows 64KB frames
            huge.flush();
            assertEndOfStream(oversized);

            assertThat(good.call(msg1.newBuilder().setValue("still served").build()))
                    .isEqualTo(msg2.newBuilder().setValue(12).addWords("still").addWords("served").build());
            await().until(() -> server.stats().protocolErrors() == errorsBefore + 2);
        }
    }

    private static void assertEndOfStream(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        assertThat(in.read()).isEqualTo(-1);
    }
}
