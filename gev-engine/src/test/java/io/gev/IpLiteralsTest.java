package io.gev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @Test
    void dottedQuadsAreFourDecimalBytes() throws Exception {
        assertThat(IpLiterals.ipv4("203.0.113.7")).containsExactly(203, 0, 113, 7);
        assertThat(IpLiterals.ipv4("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(IpLiterals.ipv4("255.255.255.255")).containsExactly(-1, -1, -1, -1);
        assertThat(IpLiterals.parse("10.1.2.3")).isEqualTo(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.",
            ".1.2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "1.2.3.-1", "1.2.3.٣", "0x1.2.3.4", "1.2.3.4/8",
            "localhost", "example.com", ".1:2"})
    void anythingElseIsNotADottedQuad(String text) {
        assertThat(IpLiterals.ipv4(text)).isNull();
    }

    @Test
    void ipv6TextIsEightGroupsWithOneOptionalGapAndAnOptionalDottedQuadAtTheEnd() throws Exception {
        assertThat(IpLiterals.ipv6("::")).containsOnly(0);
        assertThat(IpLiterals.ipv6("::1")).isEqualTo(raw("::1"));
        assertThat(IpLiterals.ipv6("1::")).isEqualTo(raw("1::"));
        assertThat(IpLiterals.ipv6("2001:db8::ff00:42:8329")).isEqualTo(raw("2001:db8::ff00:42:8329"));
        assertThat(IpLiterals.ipv6("2001:0DB8:0000:0000:0000:FF00:0042:8329"))
                .isEqualTo(raw("2001:db8::ff00:42:8329"));
        assertThat(IpLiterals.ipv6("1:2:3:4:5:6:7::")).isEqualTo(raw("1:2:3:4:5:6:7:0"));
        assertThat(IpLiterals.ipv6("::ffff:192.0.2.128")).isEqualTo(raw("::ffff:c000:280"));
        assertThat(IpLiterals.ipv6("64:ff9b::192.0.2.33")).isEqualTo(raw("64:ff9b::c000:221"));
        assertThat(IpLiterals.ipv6("1:2:3:4:5:6:1.2.3.4")).isEqualTo(raw("1:2:3:4:5:6:102:304"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1", "1:2", ":1", "1:", "1::2::3", "1:::2", "12345::", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8", "g::", "::1%eth0", "[::1]", "1.2.3.4",
            "::1.2.3", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", ".1:2", "::١", " ::1", "::1 ",
            "localhost", "example.com"})
    void anythingElseIsNotIpv6(String text) {
        assertThat(IpLiterals.ipv6(text)).isNull();
        assertThat(IpLiterals.parse(text)).as("not a literal of either family").satisfiesAnyOf(
                a -> assertThat(a).isNull(),
                a -> assertThat(IpLiterals.ipv4(text)).isNotNull());
    }

    /** The reference: the JDK's own parser, given text already known to be a literal (nothing is looked up). */
    private static byte[] raw(String literal) throws Exception {
        byte[] address = InetAddress.getByName(literal).getAddress();
        if (address.length == 4) { // the JDK turns an IPv4-mapped literal into IPv4; keep the 16 bytes
            byte[] mapped = new byte[16];
            mapped[10] = -1;
            mapped[11] = -1;
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        }
        return address;
    }
}
