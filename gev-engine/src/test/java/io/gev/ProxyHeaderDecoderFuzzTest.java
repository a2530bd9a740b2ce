package io.gev;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gev.buffer.RingBuffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ProxyHeaderDecoder} on fuzzed input, v1 text above all (addresses that are not literals, partial and
 * over-long ones): it consumes a header whole or nothing, fails only with {@link MalformedProxyHeaderException},
 * returns addresses that are literals of the family the header names, and never asks the JVM to resolve a name.
 */
class ProxyHeaderDecoderFuzzTest {

    private static NameLookups lookups;

    static Stream<byte[]> seeds() {
        return Stream.of("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\n", "PROXY TCP6 ::1 2001:db8::1 1 2\r\n",
                "PROXY TCP6 .1:2 ::1 1 2\r\n", "PROXY TCP4 localhost 10.0.0.1 1 2\r\n",
                "PROXY TCP6 ::ffff:1.2.3.4 ::1 65535 0\r\n", "PROXY UNKNOWN whatever\r\n", "PROXY TCP4 1.2.3",
                "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n", "PROXY TCP4 01.2.3.4 1.2.3.4 1 2\r\n")
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
    }

    @BeforeAll
    static void watchLookups() {
        lookups = NameLookups.record();
    }

    @AfterAll
    static void stopWatching() {
        if (lookups != null) {
            lookups.close();
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void headersAreLiteralOrMalformedAndNothingIsLookedUp(byte[] data) {
        RingBuffer in = new RingBuffer();
        in.write(data);
        int before = in.length();
        ProxyHeaderDecoder.Header header = null;
        boolean malformed = false;
        try {
            header = ProxyHeaderDecoder.decode(in, data.length > 0 && (data[0] & 1) == 1);
        } catch (MalformedProxyHeaderException e) {
            malformed = true;
        }
        if (!malformed && header == null) {
            assertThat(in.length()).as("an incomplete header is not consumed").isEqualTo(before);
        } else if (header != null && header.hasAddresses()) {
            assertThat(in.length()).isLessThan(before);
            assertLiteral(header.source());
            assertLiteral(header.destination());
        }
        if (lookups != null) {
            assertThat(lookups.names()).as("names looked up").isEmpty();
        }
    }

    private static void assertLiteral(InetSocketAddress address) {
        assertThat(address.isUnresolved()).isFalse();
        assertThat(IpLiterals.parse(address.getAddress().getHostAddress())).isEqualTo(address.getAddress());
    }
}
