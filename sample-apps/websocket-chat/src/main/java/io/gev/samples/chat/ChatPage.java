package io.gev.samples.chat;

import io.gev.websocket.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.stereotype.Component;

/** The chat's browser page, {@code classpath:static/index.html}, read once at startup. */
@Component
@ImportRuntimeHints(ChatPageHints.class)
public class ChatPage {

    static final String RESOURCE = "/static/index.html";

    private final HttpReply reply;

    public ChatPage() {
        try (InputStream in = ChatPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + RESOURCE);
            }
            reply = HttpReply.html(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The {@code 200 OK} response carrying the page. */
    public HttpReply reply() {
        return reply;
    }
}
