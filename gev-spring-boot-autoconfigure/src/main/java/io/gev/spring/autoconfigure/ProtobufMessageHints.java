package io.gev.spring.autoconfigure;

import com.google.protobuf.Message;
import com.google.protobuf.ProtocolMessageEnum;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;

/**
 * The reflection protobuf-java needs at run time for generated message types: their public methods
 * ({@code parseFrom}, {@code getDefaultInstance}, {@code newBuilder}, the field accessors its reflection API and
 * {@code toString} look up by name) and those of their builders, for each type and every message and enum type its
 * fields hold. Loaded only when protobuf-java is present.
 */
final class ProtobufMessageHints {

    private ProtobufMessageHints() {
    }

    /**
     * The concrete message and enum types among {@code referenced}, with every message and enum type their fields
     * hold (a field's getter returns it: singular, indexed for repeated fields, {@code getXOrThrow} for map values).
     */
    static Set<Class<?>> closureOf(Collection<Class<?>> referenced) {
        Set<Class<?>> types = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        referenced.stream().filter(ProtobufMessageHints::isGenerated).forEach(pending::add);
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (types.add(type) && Message.class.isAssignableFrom(type)) {
                for (Method method : type.getMethods()) {
                    if (isGenerated(method.getReturnType()) && !types.contains(method.getReturnType())) {
                        pending.add(method.getReturnType());
                    }
                }
            }
        }
        return types;
    }

    /** Registers the public methods of each of {@code types} and of each message type's builder. */
    static void register(Collection<Class<?>> types, RuntimeHints hints) {
        for (Class<?> type : types) {
            hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
            if (Message.class.isAssignableFrom(type)) {
                try {
                    Class<?> builder = type.getMethod("newBuilder").getReturnType();
                    hints.reflection().registerType(builder, MemberCategory.INVOKE_PUBLIC_METHODS);
                } catch (NoSuchMethodException e) {
                    // not a generated message class: no builder to register
                }
            }
        }
    }

    private static boolean isGenerated(Class<?> type) {
        return (Message.class.isAssignableFrom(type) || ProtocolMessageEnum.class.isAssignableFrom(type))
                && !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
    }
}
