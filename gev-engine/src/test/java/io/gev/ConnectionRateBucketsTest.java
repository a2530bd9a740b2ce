package io.gev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The token buckets of the connection rate on their own, on a clock the test moves: the burst, the refill, and the
 * memory bound under an attacker who cycles through more addresses than it remembers.
 */
class ConnectionRateBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketHoldsOneSecondOfTheRateAndRefillsAtIt() throws UnknownHostException {
        ConnectionRate rate = new ConnectionRate(10);
        InetSocketAddress client = address(1);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.tryAcquire(client, 0)).as("connection %d of the burst", i).isTrue();
        }
        assertThat(rate.tryAcquire(client, 0)).as("one over the burst").isFalse();
        assertThat(rate.tryAcquire(client, SECOND / 10 - 1)).as("just before a token refilled").isFalse();
        assertThat(rate.tryAcquire(client, SECOND / 10)).as("once a token refilled").isTrue();
        assertThat(rate.tryAcquire(address(2), SECOND / 10)).as("another address has its own bucket").isTrue();
    }

    @Test
    void cyclingThroughManyAddressesDoesNotGrowItPastItsBound() throws UnknownHostException {
        ConnectionRate rate = new ConnectionRate(1);
        int cycled = ConnectionRate.MAX_ADDRESSES + 34_464; // 100,000 addresses
        for (int i = 0; i < cycled; i++) {
            assertThat(rate.tryAcquire(address(i), i)).isTrue();
        }
        assertThat(rate.addresses()).isEqualTo(ConnectionRate.MAX_ADDRESSES);
        // the most recent are remembered (their bucket is empty), the oldest were forgotten (a full one again)
        assertThat(rate.tryAcquire(address(cycled - 1), cycled)).isFalse();
        assertThat(rate.tryAcquire(address(0), cycled)).isTrue();
    }

    @Test
    void aClientWithoutAnIpAddressIsNotLimited() {
        ConnectionRate rate = new ConnectionRate(1);
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("client", 1);
        for (int i = 0; i < 5; i++) {
            assertThat(rate.tryAcquire(unresolved, 0)).isTrue();
        }
        assertThat(rate.addresses()).isZero();
    }

    /** The IPv6 address {@code 2001:db8::n}, built from bytes: no name is looked up. */
    private static InetSocketAddress address(int n) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = (byte) 0xb8;
        bytes[13] = (byte) (n >>> 16);
        bytes[14] = (byte) (n >>> 8);
        bytes[15] = (byte) n;
        return new InetSocketAddress(InetAddress.getByAddress(bytes), 40_000);
    }
}
