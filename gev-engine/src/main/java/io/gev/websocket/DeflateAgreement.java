package io.gev.websocket;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The permessage-deflate parameters (RFC 7692, section 7.1) a handshake agreed, and how they are chosen: the first
 * offer the server can honour wins; an offer with an unknown, repeated or malformed parameter is declined, and so is
 * every offer when compression is off. A smaller server window ({@code server_max_window_bits} 8 to 14) is honoured
 * with the JDK's 15-bit {@link java.util.zip.Deflater} by resetting it every half window (see
 * {@link MessageDeflater}), so no back-reference reaches further; a client window of any size suits the JDK's
 * inflater.
 *
 * @param serverNoContextTakeover each outgoing message is compressed on its own
 * @param clientNoContextTakeover the client compresses each message on its own
 * @param serverMaxWindowBits     the server window the client asked for (answered), or 0 when it asked for none
 */
record DeflateAgreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits) {

    static final String NAME = "permessage-deflate";
    private static final int MAX_WINDOW_BITS = 15;
    private static final int MIN_WINDOW_BITS = 8;

    /** The agreement for the first acceptable offer, or null when none is (or compression is off). */
    static DeflateAgreement negotiate(List<ExtensionOffer> offers, WebSocketOptions options) {
        if (!options.compression()) {
            return null;
        }
        for (ExtensionOffer offer : offers) {
            if (offer.name().equalsIgnoreCase(NAME)) {
                DeflateAgreement agreement = accept(offer.params(), options);
                if (agreement != null) {
                    return agreement;
                }
            }
        }
        return null;
    }

    private static DeflateAgreement accept(List<ExtensionOffer.Param> params, WebSocketOptions options) {
        boolean serverNoContext = options.serverNoContextTakeover();
        int serverWindow = 0;
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer.Param param : params) {
            String name = param.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            boolean valid = switch (name) {
                case "server_no_context_takeover" -> {
                    serverNoContext = true;
                    yield param.value() == null;
                }
                case "client_no_context_takeover" -> param.value() == null;
                case "server_max_window_bits" -> {
                    serverWindow = windowBits(param.value());
                    yield serverWindow > 0;
                }
                case "client_max_window_bits" -> param.value() == null || windowBits(param.value()) > 0;
                default -> false;
            };
            if (!valid) {
                return null;
            }
        }
        return new DeflateAgreement(serverNoContext, options.clientNoContextTakeover(), serverWindow);
    }

    /** The window size a parameter value names, 8 to 15 without leading zeros, or -1 when it names none. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0'
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS ? bits : -1;
    }

    /** The value of the {@code Sec-WebSocket-Extensions} response header. */
    String responseHeader() {
        return NAME + (serverNoContextTakeover ? "; server_no_context_takeover" : "")
                + (clientNoContextTakeover ? "; client_no_context_takeover" : "")
                + (serverMaxWindowBits > 0 ? "; server_max_window_bits=" + serverMaxWindowBits : "");
    }

    /** Whether the server may keep its compressor's context from message to message. */
    boolean serverContextTakeover() {
        return !serverNoContextTakeover && resetInterval() == Integer.MAX_VALUE;
    }

    /**
     * The longest message the server may compress on its own (with no context before it) in the JDK's 15-bit window
     * for this client: any, unless the client asked for a smaller window; then one no longer than that window, in
     * which no back-reference can reach further.
     */
    int maxAloneLength() {
        return serverMaxWindowBits > 0 && serverMaxWindowBits < MAX_WINDOW_BITS
                ? 1 << serverMaxWindowBits : Integer.MAX_VALUE;
    }

    /**
     * Input bytes the server compresses between resets of its compressor: half the window the client asked for when
     * it is smaller than the JDK's (each part may then refer back into the part before, never further than the
     * window); else unlimited.
     */
    int resetInterval() {
        return serverMaxWindowBits > 0 && serverMaxWindowBits < MAX_WINDOW_BITS
                ? 1 << (serverMaxWindowBits - 1) : Integer.MAX_VALUE;
    }
}
