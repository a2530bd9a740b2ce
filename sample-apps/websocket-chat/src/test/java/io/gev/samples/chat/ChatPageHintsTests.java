package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.context.annotation.ImportRuntimeHints;

/** The chat page is registered as a resource for native images, where {@link ChatPage} reads it. */
class ChatPageHintsTests {

    @Test
    void thePageTheComponentReadsIsAResourceHint() {
        RuntimeHints hints = new RuntimeHints();
        new ChatPageHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.resource().forResource("static/index.html")).accepts(hints);
        assertThat(getClass().getResource(ChatPage.RESOURCE)).isNotNull();
        assertThat(RuntimeHintsPredicates.resource().forResource("static/other.html")).rejects(hints);
        assertThat(AnnotationUtils.findAnnotation(ChatPage.class, ImportRuntimeHints.class).value())
                .containsExactly(ChatPageHints.class);
    }
}
