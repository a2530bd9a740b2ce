package io.gev.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What gev reaches reflectively in every application, for a native image: the virtual-thread executor factory that
 * {@code gev.handler.executor=virtual} looks up by method handle (so that gev compiles for Java 17), and the field
 * the engine's connections update through a {@code VarHandle}. The protobuf message types of an application's
 * handlers are registered by {@link GevHandlerAotProcessor}.
 */
final class GevRuntimeHints implements RuntimeHintsRegistrar {

    /** The engine's connection class, package-private in {@code io.gev}. */
    static final TypeReference TCP_CONNECTION = TypeReference.of("io.gev.TcpConnection");

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(Executors.class,
                type -> type.withMethod("newVirtualThreadPerTaskExecutor", List.of(), ExecutableMode.INVOKE));
        hints.reflection().registerType(TCP_CONNECTION, type -> type.withField("phase"));
    }
}
