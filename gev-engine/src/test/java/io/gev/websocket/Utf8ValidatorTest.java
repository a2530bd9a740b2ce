package io.gev.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict UTF-8 decoder, whole and fed in pieces. */
class Utf8ValidatorTest {

    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private boolean jdkAccepts(byte[] bytes) {
        try {
            strict.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void everySequenceOfUpToThreeBytesIsJudgedLikeTheJdk() {
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        byte[] three = new byte[3];
        for (int a = 0; a < 256; a++) {
            one[0] = (byte) a;
            assertThat(Utf8Validator.isValid(one, 0, 1)).as("%02x", a).isEqualTo(jdkAccepts(one));
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                assertThat(Utf8Validator.isValid(two, 0, 2)).as("%02x%02x", a, b).isEqualTo(jdkAccepts(two));
            }
        }
        for (int a = 0xE0; a <= 0xEF; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0x70; c < 0xD0; c++) {
                    three[0] = (byte) a;
                    three[1] = (byte) b;
                    three[2] = (byte) c;
                    assertThat(Utf8Validator.isValid(three, 0, 3)).as("%02x%02x%02x", a, b, c)
                            .isEqualTo(jdkAccepts(three));
                }
            }
        }
    }

    @Test
    void fourByteSequencesAroundEveryBoundaryAreJudgedLikeTheJdk() {
        int[] leads = {0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8};
        int[] continuations = {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0};
        byte[] four = new byte[4];
        for (int a : leads) {
            for (int b : continuations) {
                for (int c : continuations) {
                    for (int d : continuations) {
                        four[0] = (byte) a;
                        four[1] = (byte) b;
                        four[2] = (byte) c;
                        four[3] = (byte) d;
                        assertThat(Utf8Validator.isValid(four, 0, 4)).as("%02x%02x%02x%02x", a, b, c, d)
                                .isEqualTo(jdkAccepts(four));
                    }
                }
            }
        }
    }

    @Test
    void feedingInPiecesGivesTheSameVerdictAsTheWhole() {
        Random random = new Random(3629);
        String sample = "ascii only, then κόσμε \uD834\uDD1E \u0800\uFFFF and more ascii to cross eight-byte words";
        byte[] valid = sample.getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = valid.clone();
            if (round % 2 == 1) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            boolean whole = Utf8Validator.isValid(bytes, 0, bytes.length);
            assertThat(whole).isEqualTo(jdkAccepts(bytes));
            Utf8Validator pieces = new Utf8Validator();
            boolean ok = true;
            for (int at = 0; at < bytes.length && ok; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(11));
                ok = pieces.feed(bytes, at, n);
                at += n;
            }
            assertThat(ok && pieces.isComplete()).isEqualTo(whole);
        }
    }
}
