package io.gev;

import io.gev.buffer.RingBuffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads a PROXY protocol header (v1 or v2) from the head of a connection's input. It never allocates what a header
 * declares: a v2 header waits in the connection's buffer, and its length is bounded by the format (16 + 65,535 bytes),
 * a v1 header by 107 bytes. Addresses are parsed as literals only, never resolved. Stateless.
 */
final class ProxyHeaderDecoder {

    /** The v1 limit, CRLF included. */
    static final int V1_MAX_LENGTH = 107;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
            0x0A };
    private static final int V2_HEADER_LENGTH = 16;

    /** What a header said about the connection. */
    record Header(InetSocketAddress source, InetSocketAddress destination) {

        /** A header that carries no addresses (v2 LOCAL, as health checks send, or v1 UNKNOWN): keep the socket's. */
        static final Header LOCAL = new Header(null, null);

        boolean hasAddresses() {
            return source != null;
        }
    }

    /** {@link #decode}'s answer when the connection does not start with a header (only for an optional one). */
    static final Header ABSENT = new Header(null, null);

    private ProxyHeaderDecoder() {
    }

    /**
     * Consumes and returns the header at the head of {@code in}; returns null while it is incomplete (consuming
     * nothing), or {@link #ABSENT} when {@code optional} and the input cannot be a header.
     *
     * @throws MalformedProxyHeaderException when the header is malformed, or missing and not optional
     */
    static Header decode(RingBuffer in, boolean optional) {
        int v1 = prefixMatch(in, V1_PREFIX);
        int v2 = prefixMatch(in, V2_SIGNATURE);
        if (v1 == MATCH) {
            return decodeV1(in);
        }
        if (v2 == MATCH) {
            return decodeV2(in);
        }
        if (v1 == PARTIAL || v2 == PARTIAL) {
            return null;
        }
        if (optional) {
            return ABSENT;
        }
        throw new MalformedProxyHeaderException("no PROXY protocol header");
    }

    private static final int MISMATCH = 0;
    private static final int PARTIAL = 1;
    private static final int MATCH = 2;

    private static int prefixMatch(RingBuffer in, byte[] prefix) {
        int n = Math.min(in.length(), prefix.length);
        for (int i = 0; i < n; i++) {
            if (in.peekByte(i) != prefix[i]) {
                return MISMATCH;
            }
        }
        return n == prefix.length ? MATCH : PARTIAL;
    }

    // ------------------------------------------------------------------------------------------------ v1

    private static Header decodeV1(RingBuffer in) {
        int lf = in.indexOf((byte) '\n', 0);
        if (lf < 0) {
            if (in.length() >= V1_MAX_LENGTH) {
                throw new MalformedProxyHeaderException("PROXY v1 header longer than " + V1_MAX_LENGTH + " bytes");
            }
            return null;
        }
        if (lf + 1 > V1_MAX_LENGTH || lf == 0 || in.peekByte(lf - 1) != '\r') {
            throw new MalformedProxyHeaderException("PROXY v1 header not ended by CRLF within " + V1_MAX_LENGTH
                    + " bytes");
        }
        byte[] line = new byte[lf - 1];
        in.peek(0, line, 0, line.length);
        in.retrieve(lf + 1);
        String[] fields = new String(line, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            return Header.LOCAL; // the proxy does not know; what follows UNKNOWN is to be ignored
        }
        if (fields.length != 6 || !fields[1].equals("TCP4") && !fields[1].equals("TCP6")) {
            throw new MalformedProxyHeaderException("malformed PROXY v1 header");
        }
        boolean v6 = fields[1].equals("TCP6");
        InetAddress source = literal(fields[2], v6);
        InetAddress destination = literal(fields[3], v6);
        return new Header(new InetSocketAddress(source, port(fields[4])),
                new InetSocketAddress(destination, port(fields[5])));
    }

    /** An address literal of the family the header names; never a host name (nothing is looked up). */
    private static InetAddress literal(String text, boolean v6) {
        byte[] raw = v6 ? IpLiterals.ipv6(text) : IpLiterals.ipv4(text);
        if (raw == null) {
            throw new MalformedProxyHeaderException("malformed address in PROXY v1 header");
        }
        return IpLiterals.address(raw);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || text.length() > 1 && text.charAt(0) == '0') {
            throw new MalformedProxyHeaderException("malformed port in PROXY v1 header");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new MalformedProxyHeaderException("malformed port in PROXY v1 header");
        }
        return port;
    }

    // ------------------------------------------------------------------------------------------------ v2

    private static Header decodeV2(RingBuffer in) {
        if (in.length() < V2_HEADER_LENGTH) {
            return null;
        }
        int versionCommand = in.peekByte(12) & 0xFF;
        int familyTransport = in.peekByte(13) & 0xFF;
        int length = in.peekUnsignedShort(14);
        if (versionCommand >> 4 != 2) {
            throw new MalformedProxyHeaderException("PROXY v2 header of version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0F;
        if (command > 1) {
            throw new MalformedProxyHeaderException("PROXY v2 header with command " + command);
        }
        if (in.length() < V2_HEADER_LENGTH + length) {
            return null;
        }
        int addressLength = switch (familyTransport >> 4) {
            case 0 -> 0; // UNSPEC
            case 1 -> 12; // INET: two addresses of 4 bytes, two ports
            case 2 -> 36; // INET6
            case 3 -> 216; // UNIX: two paths of 108 bytes
            default -> throw new MalformedProxyHeaderException("PROXY v2 header with address family "
                    + (familyTransport >> 4));
        };
        if ((familyTransport & 0x0F) > 2) {
            throw new MalformedProxyHeaderException("PROXY v2 header with transport " + (familyTransport & 0x0F));
        }
        if (length < addressLength) {
            throw new MalformedProxyHeaderException("PROXY v2 header too short for its addresses");
        }
        checkTlvs(in, V2_HEADER_LENGTH + addressLength, V2_HEADER_LENGTH + length);
        Header header = Header.LOCAL;
        if (command == 1 && (addressLength == 12 || addressLength == 36)) {
            int size = addressLength == 12 ? 4 : 16;
            byte[] source = new byte[size];
            byte[] destination = new byte[size];
            in.peek(V2_HEADER_LENGTH, source, 0, size);
            in.peek(V2_HEADER_LENGTH + size, destination, 0, size);
            int sourcePort = in.peekUnsignedShort(V2_HEADER_LENGTH + 2 * size);
            int destinationPort = in.peekUnsignedShort(V2_HEADER_LENGTH + 2 * size + 2);
            header = new Header(new InetSocketAddress(IpLiterals.address(source), sourcePort),
                    new InetSocketAddress(IpLiterals.address(destination), destinationPort));
        }
        in.retrieve(V2_HEADER_LENGTH + length);
        return header; // LOCAL (a health check), UNSPEC and UNIX keep the socket's own addresses
    }

    /** The TLVs after the addresses must tile the rest of the header exactly. */
    private static void checkTlvs(RingBuffer in, int from, int end) {
        int at = from;
        while (at < end) {
            if (end - at < 3) {
                throw new MalformedProxyHeaderException("truncated TLV in PROXY v2 header");
            }
            int valueLength = in.peekUnsignedShort(at + 1);
            at += 3 + valueLength;
            if (at > end) {
                throw new MalformedProxyHeaderException("TLV overruns the PROXY v2 header");
            }
        }
    }
}
