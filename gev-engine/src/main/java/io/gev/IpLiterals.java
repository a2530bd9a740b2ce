package io.gev;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals, parsed strictly and never resolved: a dotted quad (four decimal numbers from 0 to 255, without
 * leading zeros) or RFC 4291 text (eight groups of one to four hexadecimal digits, at most one {@code ::} standing
 * for one or more groups of zeros, an optional dotted quad in place of the last two groups; no zone, no brackets).
 * Anything else, a host name above all, is not an address here: nothing in the engine hands text to the system's
 * resolver. Thread safe.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The 4 bytes of a dotted quad, or null when {@code text} is not one. */
    static byte[] ipv4(CharSequence text) {
        return ipv4(text, 0, text.length());
    }

    /** The 16 bytes of an IPv6 literal, or null when {@code text} is not one. */
    static byte[] ipv6(CharSequence text) {
        int n = text.length();
        if (n < 2 || n > 45) {
            return null;
        }
        byte[] out = new byte[16];
        int groups = 0;
        int gap = -1;
        int i = 0;
        if (text.charAt(0) == ':') {
            if (text.charAt(1) != ':') {
                return null;
            }
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int end = indexOf(text, ':', i, n);
            if (groups == 8 || end == i) {
                return null;
            }
            if (end == n && indexOf(text, '.', i, n) < n) { // a dotted quad as the last two groups
                byte[] v4 = ipv4(text, i, n);
                if (v4 == null || groups > 6) {
                    return null;
                }
                System.arraycopy(v4, 0, out, 2 * groups, 4);
                groups += 2;
                break;
            }
            int group = hexGroup(text, i, end);
            if (group < 0) {
                return null;
            }
            out[2 * groups] = (byte) (group >> 8);
            out[2 * groups + 1] = (byte) group;
            groups++;
            if (end == n) {
                break;
            }
            i = end + 1;
            if (i < n && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null; // a second ::
                }
                gap = groups;
                i++;
            } else if (i == n) {
                return null; // a single colon at the end
            }
        }
        return gap < 0 ? (groups == 8 ? out : null) : expand(out, groups, gap);
    }

    /**
     * An {@link InetAddress} of the literal {@code text} (IPv4 or IPv6), or null when it is not one. Thread safe.
     */
    static InetAddress parse(CharSequence text) {
        byte[] raw = ipv4(text);
        return raw != null ? address(raw) : (raw = ipv6(text)) != null ? address(raw) : null;
    }

    /** The address of 4 or 16 raw bytes; nothing is looked up. */
    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 4 or 16 bytes: " + raw.length, e);
        }
    }

    /** The groups before the {@code ::} at {@code gap} stay, those after it move to the end, zeros between. */
    private static byte[] expand(byte[] parsed, int groups, int gap) {
        if (groups == 8) {
            return null; // :: must stand for at least one group
        }
        byte[] out = new byte[16];
        System.arraycopy(parsed, 0, out, 0, 2 * gap);
        int tail = groups - gap;
        System.arraycopy(parsed, 2 * gap, out, 16 - 2 * tail, 2 * tail);
        return out;
    }

    private static byte[] ipv4(CharSequence text, int from, int to) {
        byte[] out = new byte[4];
        int at = from;
        for (int part = 0; part < 4; part++) {
            int end = part < 3 ? indexOf(text, '.', at, to) : to;
            int length = end - at;
            if (end >= to && part < 3 || length < 1 || length > 3 || length > 1 && text.charAt(at) == '0') {
                return null;
            }
            int value = 0;
            for (int i = at; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            out[part] = (byte) value;
            at = end + 1;
        }
        return out;
    }

    /** One to four ASCII hexadecimal digits as a number, or -1. */
    private static int hexGroup(CharSequence text, int from, int to) {
        if (to - from < 1 || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static int indexOf(CharSequence text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }
}
