package io.gev;

/**
 * What a connection belongs to: the server that accepted it (through its loop) or the client that dialled it. The
 * owner gives the connection its settings, handler and counters, and hears of its close: a server gives back its
 * place under the connection limits, a client may dial again. In loop.
 */
interface ConnectionOwner {

    /** The connection's settings: protocol, timeouts, watermarks, TLS. */
    ServerConfig config();

    /** Where the connection's handler is called. */
    HandlerInvoker invoker();

    /** The counters the connection keeps on {@code loop}: written by that loop only. */
    LoopCounters counters(EventLoop loop);

    /**
     * The handler heard of the connection ({@code onConnect}): after a PROXY header and a TLS handshake, if any.
     * In loop.
     */
    default void opened(TcpConnection connection) {
    }

    /** The connection closed and left its loop. In loop. */
    void closed(TcpConnection connection);
}
