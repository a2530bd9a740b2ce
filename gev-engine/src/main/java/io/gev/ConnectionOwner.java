package io.gev;

import java.net.SocketAddress;

/**
 * What a connection belongs to: the server that accepted it or the client connector that dialled it. The owner gives
 * the connection its settings, handler and counters, and hears of it: a server counts it and gives back its place
 * under the connection limits when it closes, a client may dial again.
 */
interface ConnectionOwner {

    /** The connection's settings: protocol, timeouts, watermarks, TLS. Thread safe. */
    ConnectionConfig config();

    /** Where the connection's handler is called. Thread safe. */
    HandlerInvoker invoker();

    /** The counters the connection keeps on {@code loop}: written by that loop only. Thread safe. */
    LoopCounters counters(EventLoop loop);

    /**
     * The handler heard of the connection ({@code onConnect}): after a PROXY header and a TLS handshake, if any.
     * In loop.
     */
    default void opened(TcpConnection connection) {
    }

    /**
     * Whether the client a trusted PROXY header named may be served: null when it may, else why not (counted; the
     * connection is then closed). A client's own connections are always admitted. In loop.
     */
    default RefusalReason admitProxied(SocketAddress client) {
        return null;
    }

    /**
     * {@code connection}'s buffers hold {@code delta} bytes more (or fewer): the server's memory budget counts them.
     * A client's connections are not budgeted. In loop.
     */
    default void buffered(TcpConnection connection, long delta) {
    }

    /**
     * A callback of {@code connection}'s protocol or handler threw {@code failure}, and the connection closes for it
     * (logged and counted already). The loop's thread, or the handler executor's for a handler's fault.
     */
    default void failed(TcpConnection connection, Throwable failure) {
    }

    /** The connection closed and left its loop. In loop. */
    void closed(TcpConnection connection);
}
