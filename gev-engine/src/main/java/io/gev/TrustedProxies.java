package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source addresses whose PROXY protocol headers are believed, as CIDR blocks ({@code 10.0.0.0/8},
 * {@code 192.168.1.7}, {@code ::1/128}); empty trusts every source. A header from anywhere else would let any client
 * claim any address. Immutable.
 */
final class TrustedProxies {

    static final TrustedProxies ANY = new TrustedProxies(List.of());

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses CIDR blocks; an address without a prefix length is a block of one.
     *
     * @throws IllegalArgumentException naming the block that is not an address literal or has a bad prefix length
     */
    static TrustedProxies of(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            blocks.add(Block.parse(cidr.trim()));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    /** Whether a header from {@code source} is believed. */
    boolean trusts(SocketAddress source) {
        if (blocks.isEmpty()) {
            return true;
        }
        if (!(source instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        byte[] address = inet.getAddress().getAddress();
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** One CIDR block: an address and how many leading bits must match. */
    private record Block(byte[] address, int prefixBits) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            if (host.isEmpty() || !host.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress(); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
            }
            return new Block(address, bits);
        }

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (address[full] & mask);
        }
    }
}
