package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splitting a request target into its path and decoded query parameters. */
class RequestTargetTests {

    @Test
    void splitsThePathFromTheQuery() {
        assertThat(RequestTarget.parse("/chat?name=alice")).isEqualTo(new RequestTarget("/chat", "name=alice"));
        assertThat(RequestTarget.parse("/")).isEqualTo(new RequestTarget("/", ""));
        assertThat(RequestTarget.parse("/?")).isEqualTo(new RequestTarget("/", ""));
    }

    @Test
    void decodesTheFirstParameterOfAName() {
        RequestTarget target = RequestTarget.parse("/chat?room=1&name=Zo%C3%AB+%26+co&name=bob");
        assertThat(target.parameter("name")).hasValue("Zoë & co");
        assertThat(target.parameter("room")).hasValue("1");
        assertThat(target.parameter("nam")).isEmpty();
        assertThat(RequestTarget.parse("/chat?name").parameter("name")).isEmpty();
        assertThat(RequestTarget.parse("/chat?name=").parameter("name")).hasValue("");
    }

    @Test
    void aBadEscapeIsNoValue() {
        assertThat(RequestTarget.parse("/chat?name=%zz").parameter("name")).isEmpty();
        assertThat(RequestTarget.parse("/chat?name=abc%").parameter("name")).isEmpty();
    }
}
