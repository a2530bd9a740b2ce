package io.gev;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Which client addresses a server admits: none that a deny block holds, and, when there are allow blocks, only those
 * they hold (deny wins). A client that is not an IP address (a Unix domain socket's) is not judged. Immutable and
 * thread safe.
 *
 * @param allow the blocks admitted, or none: every address not denied
 * @param deny  the blocks refused
 */
record AccessList(AddressBlocks allow, AddressBlocks deny) {

    /** Admits everyone. */
    static final AccessList OPEN = new AccessList(AddressBlocks.NONE, AddressBlocks.NONE);

    /** Whether every address is admitted. */
    boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }

    /** Whether a client at {@code address} is admitted. */
    boolean admits(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        return !deny.contains(inet.getAddress()) && (allow.isEmpty() || allow.contains(inet.getAddress()));
    }
}
