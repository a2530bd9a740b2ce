package io.gev.samples.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * PROXY protocol v2 headers as the proxy sends them to its upstreams (the binary form of HAProxy's specification):
 * PROXY with the client's TCP addresses, or LOCAL (no addresses) for a health check. IPv4 addresses go as IPv4 when
 * both ends are IPv4; otherwise both go as IPv6 (an IPv4 one mapped). Thread safe: every method is a pure function.
 */
final class ProxyHeader {

    private static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };
    private static final byte VERSION_LOCAL = 0x20;
    private static final byte VERSION_PROXY = 0x21;
    private static final byte UNSPEC = 0x00;
    private static final byte TCP4 = 0x11;
    private static final byte TCP6 = 0x21;
    private static final byte[] LOCAL = header(VERSION_LOCAL, UNSPEC, 0).array();

    private ProxyHeader() {
    }

    /** The LOCAL header: the connection is the proxy's own (a health check); the upstream keeps the socket's. */
    static byte[] local() {
        return LOCAL.clone();
    }

    /**
     * The header of a client connection from {@code client} that dialled {@code dialled}; LOCAL when either is not a
     * TCP address (a Unix domain socket).
     */
    static byte[] of(SocketAddress client, SocketAddress dialled) {
        if (!(client instanceof InetSocketAddress from) || !(dialled instanceof InetSocketAddress to)
                || from.getAddress() == null || to.getAddress() == null) {
            return local();
        }
        boolean v4 = from.getAddress() instanceof Inet4Address && to.getAddress() instanceof Inet4Address;
        int length = v4 ? 2 * 4 + 4 : 2 * 16 + 4;
        ByteBuffer header = header(VERSION_PROXY, v4 ? TCP4 : TCP6, length);
        header.put(bytes(from.getAddress(), v4)).put(bytes(to.getAddress(), v4));
        header.putShort((short) from.getPort()).putShort((short) to.getPort());
        return header.array();
    }

    private static ByteBuffer header(byte versionCommand, byte family, int addressLength) {
        ByteBuffer header = ByteBuffer.allocate(SIGNATURE.length + 4 + addressLength);
        return header.put(SIGNATURE).put(versionCommand).put(family).putShort((short) addressLength);
    }

    /** The address's bytes: 4 for IPv4, else 16 (an IPv4 address mapped into IPv6, {@code ::ffff:a.b.c.d}). */
    private static byte[] bytes(InetAddress address, boolean v4) {
        byte[] raw = address.getAddress();
        if (v4 || address instanceof Inet6Address) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
