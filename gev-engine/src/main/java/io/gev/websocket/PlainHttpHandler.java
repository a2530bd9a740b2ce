package io.gev.websocket;

import java.util.Map;

/**
 * Answers a plain HTTP GET that is not a WebSocket upgrade, so that a browser can load a page from the WebSocket port;
 * set with {@link WebSocketOptions.Builder#plainHttpHandler}. The connection is closed after the reply. Called in
 * loop: it must not block. Throwing closes the connection without a response.
 */
@FunctionalInterface
public interface PlainHttpHandler {

    /**
     * Returns the reply to {@code GET path}, or null for {@code 404 Not Found}. In loop.
     *
     * @param path    the request target, path and query
     * @param headers the request headers, looked up ignoring case
     */
    HttpReply handle(String path, Map<String, String> headers);
}
