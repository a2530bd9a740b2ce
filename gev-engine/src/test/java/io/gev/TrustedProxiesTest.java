package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static boolean trusts(TrustedProxies proxies, String ip) {
        return proxies.trusts(new InetSocketAddress(ip, 1));
    }

    @Test
    void blocksMatchByTheirPrefix() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12", "::1/128",
                "2001:db8::/32"));
        assertThat(trusts(proxies, "10.200.3.4")).isTrue();
        assertThat(trusts(proxies, "11.0.0.1")).isFalse();
        assertThat(trusts(proxies, "192.168.1.7")).isTrue();
        assertThat(trusts(proxies, "192.168.1.8")).isFalse();
        assertThat(trusts(proxies, "172.31.255.255")).isTrue();
        assertThat(trusts(proxies, "172.32.0.0")).isFalse();
        assertThat(trusts(proxies, "::1")).isTrue();
        assertThat(trusts(proxies, "2001:db8:ffff::1")).isTrue();
        assertThat(trusts(proxies, "2001:db9::1")).isFalse();
        assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).trusts(new InetSocketAddress("8.8.8.8", 1))).isTrue();
        assertThat(TrustedProxies.ANY.trusts(new InetSocketAddress("8.8.8.8", 1))).isTrue();
    }

    @Test
    void badBlocksAreRefusedByName() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("example.com"))).hasMessageContaining("example.com");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
    }
}
