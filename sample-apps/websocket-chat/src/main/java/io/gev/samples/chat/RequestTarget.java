package io.gev.samples.chat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The request target of an HTTP GET ({@code /chat?name=alice}): its path and its query parameters, percent-decoded.
 *
 * @param path  the part before {@code ?}
 * @param query the part after {@code ?}, or the empty string
 */
record RequestTarget(String path, String query) {

    static RequestTarget parse(String target) {
        int q = target.indexOf('?');
        return q < 0 ? new RequestTarget(target, "")
                : new RequestTarget(target.substring(0, q), target.substring(q + 1));
    }

    /** The decoded value of the first parameter called {@code name}; empty when absent or not validly encoded. */
    Optional<String> parameter(String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException badEscape) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
