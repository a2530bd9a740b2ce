package io.gev.websocket;

import java.util.Map;

/**
 * Decides whether a valid upgrade request may become a WebSocket (authentication, routing by path, ...); set with
 * {@link WebSocketOptions.Builder#upgradeFilter}. Called in loop, after the origin check: it must not block.
 * Throwing closes the connection without a response.
 */
@FunctionalInterface
public interface UpgradeFilter {

    /**
     * Returns null to accept the upgrade, or the reply that refuses it (for example
     * {@code HttpReply.text(403, "Forbidden", "no such room")}). In loop.
     *
     * @param path    the request target, path and query
     * @param headers the request headers, looked up ignoring case
     */
    HttpReply check(String path, Map<String, String> headers);
}
