package io.gev.spring.autoconfigure;

import io.gev.spring.GevHandler;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Registers, while an application is processed ahead of time, runtime hints for the protobuf message types its
 * {@link GevHandler} beans use: those their classes name (as {@code Msg1.getDefaultInstance()} in
 * {@code messageTypes()}, or {@code Msg1.parseFrom(...)} in a plain handler), with the message and enum types
 * their fields hold. Types a handler reaches only through another class are not seen: register those with
 * {@code @RegisterReflectionForBinding} or a {@code RuntimeHintsRegistrar}. Listed in
 * {@code META-INF/spring/aot.factories}.
 */
final class GevHandlerAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!HandlerKinds.PROTOBUF_PRESENT) {
            return null;
        }
        ClassLoader loader = beanFactory.getBeanClassLoader() != null ? beanFactory.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        Set<Class<?>> referenced = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(GevHandler.class)) {
            Class<?> type = beanFactory.getType(name, false);
            if (type != null) {
                referenced.addAll(ReferencedClasses.of(ClassUtils.getUserClass(type), loader));
            }
        }
        Set<Class<?>> messageTypes = ProtobufMessageHints.closureOf(referenced);
        if (messageTypes.isEmpty()) {
            return null;
        }
        return (context, code) -> ProtobufMessageHints.register(messageTypes, context.getRuntimeHints());
    }
}
