package io.gev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of CIDR blocks, IPv4 and IPv6 ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32}, {@code ::1}):
 * which proxies' PROXY headers are believed, which clients an access list allows or denies. Blocks are address
 * literals ({@link IpLiterals}); a host name is refused, never resolved. An IPv4 client of a dual-stack socket is
 * matched as IPv4. Immutable and thread safe.
 */
final class AddressBlocks {

    /** No block at all. */
    static final AddressBlocks NONE = new AddressBlocks(List.of());

    private final List<Block> blocks;

    private AddressBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses CIDR blocks; an address without a prefix length is a block of one.
     *
     * @throws IllegalArgumentException naming the block that is not an address literal or has a bad prefix length
     */
    static AddressBlocks of(List<String> cidrs) {
        List<Block> parsed = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            parsed.add(Block.parse(cidr.trim()));
        }
        return parsed.isEmpty() ? NONE : new AddressBlocks(List.copyOf(parsed));
    }

    /** Whether there is no block. */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP socket address; anything else is in no block) is in one of the blocks. */
    boolean contains(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null && contains(inet.getAddress());
    }

    /** Whether {@code address} is in one of the blocks. */
    boolean contains(InetAddress address) {
        byte[] raw = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    /** One CIDR block: an address and how many leading bits must match. */
    private record Block(byte[] address, int prefixBits, String text) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            InetAddress literal = IpLiterals.parse(host);
            if (literal == null) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
            }
            byte[] address = literal.getAddress();
            int bits = address.length * 8;
            if (slash >= 0) {
                String prefix = cidr.substring(slash + 1);
                if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(prefix) > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
                bits = Integer.parseInt(prefix);
            }
            return new Block(address, bits, cidr);
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

        @Override
        public String toString() {
            return text;
        }
    }
}
