package io.gev.spring.autoconfigure;

import io.gev.Protocol;
import io.gev.codec.DelimiterProtocol;
import io.gev.codec.LengthFieldProtocol;
import io.gev.spring.autoconfigure.GevProtocolProperties.LengthField;
import java.nio.ByteOrder;

/**
 * The built-in framings of gev-engine, made from {@code gev.protocol.*}. The engine's protocols check the values: a
 * value they refuse fails naming {@code protocol.max-frame-length} when it is the only one involved, else the
 * {@code protocol} group.
 */
final class Framings {

    /** The key of the longest frame, which every framing but raw takes. */
    static final String MAX_FRAME_LENGTH = "protocol.max-frame-length";

    private Framings() {
    }

    /** The protocol for {@code type} (raw, line, delimiter or length-field). */
    static Protocol of(GevProtocolProperties.Type type, GevProtocolProperties settings, ServerPropertyNames names) {
        if (type == GevProtocolProperties.Type.RAW) {
            return Protocol.raw();
        }
        int max = names.bytes(MAX_FRAME_LENGTH, settings.getMaxFrameLength());
        return switch (type) {
            case LINE -> names.call(MAX_FRAME_LENGTH, settings.getMaxFrameLength(),
                    () -> DelimiterProtocol.lines(max, settings.getLine().isCrlf()));
            case DELIMITER -> names.call("protocol", "delimiter.value=" + settings.getDelimiter().getValue()
                    + ", max-frame-length=" + settings.getMaxFrameLength(),
                    () -> DelimiterProtocol.of(settings.getDelimiter().getValue(), max));
            case LENGTH_FIELD -> lengthField(settings, max, names);
            default -> throw new IllegalArgumentException(type + " is not a plain framing");
        };
    }

    private static Protocol lengthField(GevProtocolProperties settings, int max, ServerPropertyNames names) {
        LengthField f = settings.getLengthField();
        LengthFieldProtocol.Builder b = LengthFieldProtocol.builder()
                .offset(f.getOffset())
                .width(f.getLength())
                .byteOrder(f.getByteOrder() == LengthField.Order.BIG_ENDIAN ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN)
                .adjustment(f.getAdjustment())
                .includesHeader(f.isIncludesHeader())
                .maxFrameLength(max);
        if (f.getStrip() != null) {
            b.stripBytes(f.getStrip());
        }
        return names.call("protocol", "length-field.offset=" + f.getOffset() + ", length-field.length="
                + f.getLength() + ", length-field.strip=" + f.getStrip() + ", max-frame-length="
                + settings.getMaxFrameLength(), b::build);
    }
}
