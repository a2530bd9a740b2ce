package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import io.gev.protobuf.ProtobufFraming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * The starter where protobuf-java (an optional dependency) is missing: {@code gev.*} binds, the protobuf framing
 * setting (the engine's {@link ProtobufFraming}) included, and a plain server serves. The default test run hides
 * protobuf from the context's class loader; the {@code without-protobuf} surefire execution runs this class again
 * with protobuf-java off the class path altogether (system property {@code gev.test.without-protobuf}).
 */
class GevWithoutProtobufTests {

    private static final String WITHOUT_PROTOBUF = "gev.test.without-protobuf";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withClassLoader(new FilteredClassLoader("com.google.protobuf"))
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
            .withUserConfiguration(GevAutoConfigurationTests.EchoHandler.class)
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    @Test
    void everyPropertyBindsAndAPlainServerServes() {
        runner.withPropertyValues("gev.protocol.type=line", "gev.protocol.protobuf.framing=varint",
                "gev.protocol.websocket.subprotocols=chat", "gev.outbound.max-bytes=1MB", "gev.backlog=16",
                "gev.servers.admin.protocol.protobuf.framing=envelope").run(context -> {
                    assertThat(context).hasNotFailed();
                    GevProperties properties = context.getBean(GevProperties.class);
                    assertThat(properties.getProtocol().getProtobuf().getFraming()).isEqualTo(ProtobufFraming.VARINT);
                    GevServer server = context.getBean(GevServers.class).get("default");
                    assertThat(server.isRunning()).isTrue();
                    assertThat(Echo.roundTrip(Echo.port(context, ""), "one\ntwo", 4)).isEqualTo("one\n");
                });
    }

    @Test
    void aheadOfTimeProcessingNeedsNoProtobuf() throws Exception {
        AotProcessing aot = AotProcessing.of(GevAotTests.EchoApplication.class);
        assertThat(aot.generatedBeanDefinitionsOf(GevAutoConfiguration.class)).isTrue();
        assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(GevRuntimeHints.TCP_CONNECTION.getName(), "phase"))
                .accepts(aot.hints());
    }

    @Test
    @EnabledIfSystemProperty(named = WITHOUT_PROTOBUF, matches = "true")
    void protobufIsReallyMissingAndItsFramingSaysWhatItNeeds() {
        assertThat(ClassUtils.isPresent("com.google.protobuf.Message", getClass().getClassLoader())).isFalse();
        assertThat(HandlerKinds.PROTOBUF_PRESENT).isFalse();
        runner.withPropertyValues("gev.protocol.type=protobuf").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("gev.protocol.type=protobuf needs protobuf-java, which is not on the class path. "
                            + "Add com.google.protobuf:protobuf-java to the application's dependencies.");
        });
    }
}
