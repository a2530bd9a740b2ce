package io.gev.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/**
 * An application processed ahead of time as Spring Boot's {@code process-aot} does it: the context refreshed for
 * AOT (bean definitions, no bean made, no port bound), its generated code and the runtime hints every registrar and
 * AOT processor contributed.
 */
final class AotProcessing {

    private final InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
    private final DefaultGenerationContext generation;

    private AotProcessing(Class<?> application) {
        generation = new DefaultGenerationContext(new ClassNameGenerator(ClassName.get(application)), files);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(application);
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        }
        generation.writeGeneratedContent();
    }

    static AotProcessing of(Class<?> application) {
        return new AotProcessing(application);
    }

    RuntimeHints hints() {
        return generation.getRuntimeHints();
    }

    /** Whether code was generated for the bean definitions of {@code configuration}. */
    boolean generatedBeanDefinitionsOf(Class<?> configuration) {
        String path = configuration.getName().replace('.', '/') + "__BeanDefinitions.java";
        try {
            return files.getGeneratedFileContent(Kind.SOURCE, path) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
