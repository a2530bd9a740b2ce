package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressBlocksTest {

    private static boolean contains(AddressBlocks blocks, String ip) {
        return blocks.contains(new InetSocketAddress(IpLiterals.parse(ip), 1));
    }

    @Test
    void blocksMatchByTheirPrefix() {
        AddressBlocks blocks = AddressBlocks.of(List.of("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12", "::1/128",
                "2001:db8::/32"));
        assertThat(contains(blocks, "10.200.3.4")).isTrue();
        assertThat(contains(blocks, "11.0.0.1")).isFalse();
        assertThat(contains(blocks, "192.168.1.7")).isTrue();
        assertThat(contains(blocks, "192.168.1.8")).isFalse();
        assertThat(contains(blocks, "172.31.255.255")).isTrue();
        assertThat(contains(blocks, "172.32.0.0")).isFalse();
        assertThat(contains(blocks, "::1")).isTrue();
        assertThat(contains(blocks, "2001:db8:ffff::1")).isTrue();
        assertThat(contains(blocks, "2001:db9::1")).isFalse();
        assertThat(contains(blocks, "::ffff:10.1.2.3")).as("an IPv4-mapped client is matched as IPv4").isTrue();
        assertThat(contains(AddressBlocks.of(List.of("0.0.0.0/0")), "8.8.8.8")).isTrue();
        assertThat(contains(AddressBlocks.of(List.of("::/0")), "8.8.8.8")).as("families do not mix").isFalse();
        assertThat(contains(AddressBlocks.NONE, "8.8.8.8")).isFalse();
        assertThat(blocks.contains(UnixDomainSocketAddress.of("/tmp/x"))).isFalse();
    }

    @Test
    void onlyLiteralsAndGoodPrefixesAreBlocks() {
        assertThatThrownBy(() -> AddressBlocks.of(List.of("example.com"))).hasMessageContaining("example.com");
        assertThatThrownBy(() -> AddressBlocks.of(List.of(".1"))).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressBlocks.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> AddressBlocks.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> AddressBlocks.of(List.of("10.0.0.0/"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> AddressBlocks.of(List.of("::1/129"))).hasMessageContaining("prefix length");
        assertThat(AddressBlocks.of(List.of(" 10.0.0.0/8 ")).toString()).isEqualTo("[10.0.0.0/8]");
    }
}
