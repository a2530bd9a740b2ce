package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults the brief promises, and settings refused with a message that names them. */
class WebSocketOptionsTest {

    @Test
    void defaults() {
        WebSocketOptions options = WebSocketOptions.defaults();
        assertThat(options.maxMessageSize()).isEqualTo(1 << 20);
        assertThat(options.maxFrameSize()).isEqualTo(1 << 20);
        assertThat(options.maxHandshakeSize()).isEqualTo(8192);
        assertThat(options.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.subprotocols()).isEmpty();
        assertThat(options.originCheck().test(null)).isTrue();
        assertThat(options.upgradeFilter().check("/", Map.of())).isNull();
        assertThat(options.plainHttpHandler()).isNull();
        assertThat(options.compression()).isTrue();
        assertThat(options.compressionLevel()).isEqualTo(6);
        assertThat(options.compressionMinSize()).isEqualTo(64);
        assertThat(options.serverNoContextTakeover()).isFalse();
        assertThat(options.clientNoContextTakeover()).isFalse();
    }

    @Test
    void theFrameLimitFollowsTheMessageLimitUnlessSet() {
        assertThat(WebSocketOptions.builder().maxMessageSize(5000).build().maxFrameSize()).isEqualTo(5000);
        assertThat(WebSocketOptions.builder().maxMessageSize(5000).maxFrameSize(100).build().maxFrameSize())
                .isEqualTo(100);
    }

    @Test
    void subprotocolsAreCopiedInOrder() {
        List<String> names = new ArrayList<>(List.of("v2", "v1"));
        WebSocketOptions options = WebSocketOptions.builder().subprotocols(names).build();
        names.clear();
        assertThat(options.subprotocols()).containsExactly("v2", "v1");
    }

    @Test
    void invalidSettingsAreRefusedByName() {
        WebSocketOptions.Builder builder = WebSocketOptions.builder();
        assertThatThrownBy(() -> builder.maxMessageSize(0)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> builder.maxFrameSize(-1)).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> builder.maxHandshakeSize(0)).hasMessageContaining("maxHandshakeSize");
        assertThatThrownBy(() -> builder.handshakeTimeout(Duration.ZERO)).hasMessageContaining("handshakeTimeout");
        assertThatThrownBy(() -> builder.closeTimeout(Duration.ofSeconds(-1))).hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> builder.subprotocols("chat, v2")).hasMessageContaining("subprotocol");
        assertThatThrownBy(() -> builder.originCheck(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.compressionLevel(10)).hasMessageContaining("compressionLevel");
        assertThatThrownBy(() -> builder.compressionLevel(-1)).hasMessageContaining("compressionLevel");
        assertThatThrownBy(() -> builder.compressionMinSize(-1)).hasMessageContaining("compressionMinSize");
    }

    @Test
    void anHttpReplyRefusesWhatWouldBreakItsHead() {
        assertThatThrownBy(() -> HttpReply.text(101, "Switching", "")).hasMessageContaining("101");
        assertThatThrownBy(() -> HttpReply.text(403, "No\r\nSet-Cookie: x", "")).hasMessageContaining("reason");
        byte[] body = {1, 2};
        HttpReply reply = new HttpReply(200, "OK", "application/octet-stream", body);
        body[0] = 9;
        assertThat(reply.body()).containsExactly(1, 2);
    }
}
