package io.gev.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * One extension a client offers in {@code Sec-WebSocket-Extensions} (RFC 6455, section 9.1): its name and its
 * parameters in the order sent, each with its value (unquoted) or null when it has none.
 *
 * @param name   the extension's name, for example {@code permessage-deflate}
 * @param params its parameters, in order, duplicates kept
 */
record ExtensionOffer(String name, List<Param> params) {

    /** A parameter of an offer; {@code value} is null when it has none. */
    record Param(String name, String value) {
    }

    /**
     * The offers of a {@code Sec-WebSocket-Extensions} value (repeated headers joined with commas), in the client's
     * order of preference; empty when {@code header} is null or malformed, so that a bad header only costs the
     * extensions, never the handshake.
     */
    static List<ExtensionOffer> parse(String header) {
        if (header == null) {
            return List.of();
        }
        try {
            return new Parser(header).offers();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** A scanner over one header value: {@code 1#( token *( ";" token [ "=" ( token / quoted-string ) ] ) )}. */
    private static final class Parser {

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        List<ExtensionOffer> offers() {
            List<ExtensionOffer> offers = new ArrayList<>();
            while (true) {
                while (at < text.length() && (isSpace(text.charAt(at)) || text.charAt(at) == ',')) {
                    at++; // empty list elements are allowed
                }
                if (at == text.length()) {
                    return offers;
                }
                String name = token();
                List<Param> params = new ArrayList<>();
                while (skipSpaceAndTake(';')) {
                    skipSpace();
                    String param = token();
                    String value = null;
                    if (skipSpaceAndTake('=')) {
                        skipSpace();
                        value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
                    }
                    params.add(new Param(param, value));
                }
                if (at < text.length() && text.charAt(at) != ',') {
                    throw new IllegalArgumentException("unexpected character at " + at);
                }
                offers.add(new ExtensionOffer(name, List.copyOf(params)));
            }
        }

        private String token() {
            int start = at;
            while (at < text.length() && HttpRequestHead.isTokenChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("token expected at " + at);
            }
            return text.substring(start, at);
        }

        /** A quoted string, its backslash escapes undone. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            for (at++; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '"') {
                    at++;
                    return value.toString();
                }
                if (c == '\\' && at + 1 < text.length()) {
                    c = text.charAt(++at);
                }
                value.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted string");
        }

        /** Skips spaces; then consumes {@code c} if it is next and says whether it was. */
        private boolean skipSpaceAndTake(char c) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (at < text.length() && isSpace(text.charAt(at))) {
                at++;
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
