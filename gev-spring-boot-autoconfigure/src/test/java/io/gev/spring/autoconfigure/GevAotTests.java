package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int32Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.gev.Connection;
import io.gev.Handler;
import io.gev.protobuf.ProtobufHandler;
import io.gev.spring.GevHandler;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * gev under Spring AOT: applications processed ahead of time as {@code process-aot} does, and the runtime hints
 * that come out: gev's own (the virtual-thread factory, the engine's VarHandle field) and those of the protobuf
 * message types each application's handlers use.
 */
class GevAotTests {

    private static final ReflectionHintsPredicates REFLECTION = RuntimeHintsPredicates.reflection();

    /** Takes a {@code Struct}, whose map values are {@code Value}s (holding a {@code ListValue} or a null). */
    @GevHandler
    static class StructHandler implements ProtobufHandler {
        @Override
        public List<Message> messageTypes() {
            return List.of(Struct.getDefaultInstance());
        }

        @Override
        public Object onMessage(Connection connection, Message message) {
            return StringValue.of(message.toString());
        }
    }

    /** A plain handler that parses protobuf itself. */
    @GevHandler
    static class DecodingHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            try {
                return Int32Value.parseFrom(data).toByteArray();
            } catch (InvalidProtocolBufferException e) {
                return null;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GevAutoConfiguration.class)
    @Import(StructHandler.class)
    static class StructApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GevAutoConfiguration.class)
    @Import(DecodingHandler.class)
    static class DecodingApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GevAutoConfiguration.class)
    @Import(GevAutoConfigurationTests.EchoHandler.class)
    static class EchoApplication {
    }

    @Test
    void everyApplicationGetsGevsOwnHints() throws Exception {
        AotProcessing aot = AotProcessing.of(EchoApplication.class);
        assertThat(aot.generatedBeanDefinitionsOf(GevAutoConfiguration.class)).isTrue();
        RuntimeHints hints = aot.hints();

        assertThat(hints.reflection().getTypeHint(Executors.class).methods())
                .anySatisfy(method -> {
                    assertThat(method.getName()).isEqualTo("newVirtualThreadPerTaskExecutor");
                    assertThat(method.getParameterTypes()).isEmpty();
                    assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
                });
        if (Runtime.version().feature() >= 21) { // the method exists: the predicate can look it up
            assertThat(REFLECTION.onMethodInvocation(Executors.class, "newVirtualThreadPerTaskExecutor"))
                    .accepts(hints);
        }
        // the engine's field is still there under this name, and reachable
        assertThat(Class.forName(GevRuntimeHints.TCP_CONNECTION.getName()).getDeclaredField("phase")).isNotNull();
        assertThat(REFLECTION.onFieldAccess(GevRuntimeHints.TCP_CONNECTION.getName(), "phase")).accepts(hints);
        // a handler that names no protobuf type brings no protobuf hints
        assertThat(hints.reflection().typeHints())
                .noneMatch(type -> type.getType().getPackageName().equals("com.google.protobuf"));
    }

    @Test
    void aProtobufHandlersMessageTypesAndWhatTheirFieldsHold() throws Exception {
        RuntimeHints hints = AotProcessing.of(StructApplication.class).hints();

        assertThat(REFLECTION.onMethodInvocation(Struct.class.getMethod("parseFrom", byte[].class))).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(Struct.class, "getDefaultInstance")).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(Struct.class, "getFieldsOrThrow")).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(Struct.Builder.class, "putFields")).accepts(hints);
        // a map value, a message inside it, an enum inside it
        assertThat(REFLECTION.onMethodInvocation(Value.class, "getDefaultInstance")).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(Value.Builder.class, "setStringValue")).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(ListValue.class.getMethod("parseFrom", byte[].class))).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(NullValue.class, "forNumber")).accepts(hints);
        // the reply type the handler names
        assertThat(REFLECTION.onMethodInvocation(StringValue.class, "getValue")).accepts(hints);
        // types the handler does not use
        assertThat(REFLECTION.onType(Int32Value.class)).rejects(hints);
    }

    @Test
    void aPlainHandlerThatParsesProtobufItself() throws Exception {
        RuntimeHints hints = AotProcessing.of(DecodingApplication.class).hints();

        assertThat(REFLECTION.onMethodInvocation(Int32Value.class.getMethod("parseFrom", byte[].class))).accepts(hints);
        assertThat(REFLECTION.onMethodInvocation(Int32Value.Builder.class, "setValue")).accepts(hints);
        assertThat(REFLECTION.onType(Struct.class)).rejects(hints);
    }

    @Test
    void noHandlerNoContribution() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        assertThat(new GevHandlerAotProcessor().processAheadOfTime(beanFactory)).isNull();
        beanFactory.registerBeanDefinition("echo", new RootBeanDefinition(GevAutoConfigurationTests.EchoHandler.class));
        assertThat(new GevHandlerAotProcessor().processAheadOfTime(beanFactory)).isNull();
        beanFactory.registerBeanDefinition("decoding", new RootBeanDefinition(DecodingHandler.class));
        assertThat(new GevHandlerAotProcessor().processAheadOfTime(beanFactory)).isNotNull();
    }
}
