package io.gev;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials one remote address for a {@link GevClient} on one event loop, and owns the connection it makes: a
 * non-blocking connect watched by the loop's selector, bounded by the connect timeout; then the connection is
 * registered like an accepted one. With reconnection on, a failed attempt or a connection that closed (other than by
 * {@link Connection#close()}) is dialled again after a backoff that doubles from the initial delay up to the maximum,
 * with jitter, until the client closes.
 *
 * <p>{@link #start()} and {@link #stop()} are thread safe; everything else runs in loop.
 */
final class Connector implements ConnectionOwner, Selectable {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    private final GevClient.Settings client;
    private final EventLoop loop;
    private final SocketAddress remote;
    /** Completes with the first connection, or fails when no connection can be made (and none is retried). */
    private final CompletableFuture<Connection> first = new CompletableFuture<>();
    private SocketChannel connecting;
    /** The connection made, while it is open. */
    private TcpConnection connection;
    private WheelTimer timer;
    private int failures;
    private volatile boolean stopped;

    Connector(GevClient.Settings client, EventLoop loop, SocketAddress remote) {
        this.client = client;
        this.loop = loop;
        this.remote = remote;
    }

    /** Starts dialling; the future completes with the first connection. Thread safe. */
    CompletableFuture<Connection> start() {
        loop.execute(this::attempt);
        return first;
    }

    /** Stops dialling again; a connection made by this connector is closed gracefully. Thread safe. */
    void stop() {
        stopped = true;
        loop.execute(() -> {
            if (connecting != null) {
                giveUp(new ConnectException("gev client closed while connecting to " + remote));
            }
            loop.timers().cancelInLoop(timer);
            if (connection != null) {
                connection.close();
            } else {
                client.forget(this);
            }
        });
    }

    private void attempt() {
        timer = null;
        if (stopped || !loop.isRunning()) {
            giveUp(new ConnectException("gev client closed before connecting to " + remote));
            return;
        }
        try {
            SocketChannel channel = open();
            connecting = channel;
            client.config().socket().configure(channel, remote instanceof InetSocketAddress, true);
            if (channel.connect(remote)) {
                connected();
            } else {
                loop.register(channel, SelectionKey.OP_CONNECT, this);
                timer = loop.timers().scheduleInLoop(client.connectTimeout().toNanos(), this::timedOut);
            }
        } catch (BindException e) { // no local port: EADDRNOTAVAIL
            failed(new LocalConnectException(remote.toString(), e));
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** A new socket for the remote's family; a failure here is this process's or this machine's, not the remote's. */
    private SocketChannel open() throws LocalConnectException {
        try {
            return remote instanceof InetSocketAddress ? SocketChannel.open()
                    : SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new LocalConnectException(remote.toString(), e);
        }
    }

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_CONNECT) == 0 || connecting == null) {
            return;
        }
        try {
            if (connecting.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void connected() {
        loop.timers().cancelInLoop(timer);
        timer = null;
        loop.deregister(this);
        SocketChannel channel = connecting;
        connecting = null;
        failures = 0;
        TcpConnection opened = TcpConnection.open(loop, channel, this, null);
        if (opened != null && opened.isConnected()) { // else closed() already heard of it
            connection = opened;
        }
    }

    /** The handler heard of the connection: after the TLS handshake, if any. */
    @Override
    public void opened(TcpConnection opened) {
        connection = opened;
        client.stats().accepted.increment();
        first.complete(opened);
    }

    private void timedOut() {
        timer = null;
        if (connecting != null) {
            failed(new SocketTimeoutException("connect to " + remote + " timed out after " + client.connectTimeout()));
        }
    }

    private void failed(Throwable e) {
        loop.timers().cancelInLoop(timer);
        timer = null;
        loop.deregister(this);
        Sockets.closeQuietly(connecting);
        connecting = null;
        counters(loop).increment(LoopCounters.IO_ERRORS);
        retryOrGiveUp(e);
    }

    private void retryOrGiveUp(Throwable e) {
        if (client.reconnects() && !stopped && loop.isRunning()) {
            long delay = backoffNanos(failures++);
            log.debug("gev client: connecting to {} failed ({}); again in {} ms", remote, e.toString(),
                    delay / 1_000_000);
            timer = loop.timers().scheduleInLoop(delay, this::attempt);
        } else {
            giveUp(e);
        }
    }

    /** No more attempts: the future fails (unless a connection came before) and the client forgets this connector. */
    private void giveUp(Throwable e) {
        loop.deregister(this);
        Sockets.closeQuietly(connecting);
        connecting = null;
        first.completeExceptionally(e);
        client.forget(this);
    }

    /** The delay before attempt {@code failures + 1}: doubling from the initial delay to the maximum, ±20 %. */
    private long backoffNanos(int failures) {
        long initial = client.reconnectInitialDelay().toNanos();
        long max = client.reconnectMaxDelay().toNanos();
        long delay = failures >= 30 ? max : Math.min(max, initial << failures);
        return (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    }

    // ------------------------------------------------------------------------------------------------ the owner

    @Override
    public ConnectionConfig config() {
        return client.config();
    }

    @Override
    public HandlerInvoker invoker() {
        return client.invoker();
    }

    @Override
    public LoopCounters counters(EventLoop on) {
        return client.countersOf(on);
    }

    /** The connection closed: dial again unless it was closed on purpose or the client is done. */
    @Override
    public void closed(TcpConnection closed) {
        connection = null;
        counters(loop).increment(LoopCounters.CONNECTIONS_CLOSED);
        if (!closed.isAnnounced()) { // it never got going (the TLS handshake failed): a failed attempt
            retryOrGiveUp(client.config().tls() != null
                    ? new SSLHandshakeException("the TLS handshake with " + remote + " failed")
                    : new ConnectException("the connection to " + remote + " closed as it opened"));
            return;
        }
        if (client.reconnects() && !stopped && !closed.closing().isCloseRequested() && loop.isRunning()) {
            log.info("gev client: the connection to {} closed; connecting again", remote);
            timer = loop.timers().scheduleInLoop(backoffNanos(failures++), this::attempt);
        } else {
            client.forget(this);
        }
    }

    /** The loop shuts down while connecting: give up. */
    @Override
    public void shutdown() {
        closeNow();
    }

    /** The loop is ending while connecting: give up. */
    @Override
    public void closeNow() {
        stopped = true;
        giveUp(new ConnectException("gev: the loop stopped while connecting to " + remote));
    }

    @Override
    public String toString() {
        return "Connector[" + remote + "]";
    }
}
