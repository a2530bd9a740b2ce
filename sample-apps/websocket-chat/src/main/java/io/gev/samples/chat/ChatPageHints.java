package io.gev.samples.chat;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The page {@link ChatPage} reads from the class path, which a native image must include. */
class ChatPageHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern(ChatPage.RESOURCE.substring(1));
    }
}
