package io.gev.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.gev.Handler;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The entry points: what they build from a setting, and what they refuse. */
class ProtobufTest {

    @Test
    void aFramingSettingSelectsItsProtocol() {
        SwapHandler handler = new SwapHandler();
        assertThat(ProtobufFraming.valueOf("envelope".toUpperCase(Locale.ROOT)).protocol(handler, 100))
                .isInstanceOf(EnvelopeProtocol.class);
        assertThat(ProtobufFraming.valueOf("varint".toUpperCase(Locale.ROOT)).protocol(handler, 100))
                .isInstanceOf(VarintProtocol.class);
        assertThat(Protobuf.envelope(handler, 100)).isInstanceOf(EnvelopeProtocol.class);
        assertThat(Protobuf.varint(handler, 100)).isInstanceOf(VarintProtocol.class);
    }

    @ParameterizedTest
    @EnumSource(ProtobufFraming.class)
    void badSettingsAreRefusedWithTheReason(ProtobufFraming framing) {
        assertThatThrownBy(() -> framing.protocol(new SwapHandler(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameLength must be positive: 0");
        assertThatThrownBy(() -> framing.protocol(new SwapHandler(List.of()), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ProtobufHandler must declare at least one message type");
        assertThatThrownBy(() -> framing.protocol(new SwapHandler(
                Msg1.getDefaultInstance(), Msg2.getDefaultInstance(), Msg1.newBuilder().setValue("x").build()), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message type gev.test.Msg1 is declared twice");
        List<Message> withNull = Arrays.asList(Msg1.getDefaultInstance(), null);
        assertThatThrownBy(() -> framing.protocol(new SwapHandler(withNull), 100))
                .isInstanceOf(NullPointerException.class).hasMessage("a declared message type is null");
    }

    @Test
    void theHandlerNeedsAProtobufFraming() {
        Handler handler = Protobuf.handler(new SwapHandler());
        assertThat(handler.onMessage(null, Msg1.newBuilder().setValue("abc").build(), new byte[0]))
                .isEqualTo(Msg2.newBuilder().setValue(3).addTags("abc").build());
        assertThatThrownBy(() -> handler.onMessage(null, null, new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a ProtobufHandler needs a protobuf framing (Protobuf.envelope or Protobuf.varint), "
                        + "but the frame carried no message");
    }
}
