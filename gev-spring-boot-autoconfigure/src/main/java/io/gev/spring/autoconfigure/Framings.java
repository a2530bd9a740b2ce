package io.gev.spring.autoconfigure;

import io.gev.Protocol;
import io.gev.codec.DelimiterProtocol;
import io.gev.codec.LengthFieldProtocol;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolSettings;
import io.gev.spring.autoconfigure.GevServerProperties.ProtocolSettings.LengthField;
import java.nio.ByteOrder;

/** The built-in framings of gev-engine, made from {@code gev.protocol.*}. */
final class Framings {

    private Framings() {
    }

    /** The protocol for {@code type} (raw, line, delimiter or length-field). */
    static Protocol of(GevServerProperties.ProtocolType type, ProtocolSettings settings) {
        int max = (int) settings.getMaxFrameLength().toBytes();
        return switch (type) {
            case RAW -> Protocol.raw();
            case LINE -> DelimiterProtocol.lines(max, settings.getLine().isCrlf());
            case DELIMITER -> DelimiterProtocol.of(settings.getDelimiter().getValue(), max);
            case LENGTH_FIELD -> lengthField(settings.getLengthField(), max);
            default -> throw new IllegalArgumentException(type + " is not a plain framing");
        };
    }

    private static Protocol lengthField(LengthField f, int max) {
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
        return b.build();
    }
}
