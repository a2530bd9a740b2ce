package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongsTests {

    @Test
    void parsesEveryLongIncludingTheExtremes() {
        for (long value : new long[] { 0, 7, -7, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1 }) {
            assertThat(Longs.parse(Longs.toBytes(value))).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-", "-0", "007", "+1", " 1", "1 ", "1a", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999" })
    void refusesWhatRedisRefuses(String text) {
        assertThatThrownBy(() -> Longs.parse(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(NumberFormatException.class);
    }
}
