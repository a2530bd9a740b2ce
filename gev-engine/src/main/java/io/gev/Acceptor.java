package io.gev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket and the thread that accepts on it: each accepted socket gets the configured options and is
 * handed to the loop the {@link LoadBalancer} picks. When accept fails (out of file descriptors, say) it backs off
 * instead of spinning, and logs at most once per second.
 *
 * <p>The socket is TCP, or a Unix domain socket when the address is a {@link UnixDomainSocketAddress}: then a socket
 * file left behind by a server that died is removed before binding (one a live server answers on is not), and the
 * file is removed when the acceptor stops.
 */
final class Acceptor {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final ServerConfig config;
    private final EventLoopGroup group;
    private final ServerCounters counters;
    private final ConnectionLimits limits;
    private final ServerSocketChannel channel;
    private final SocketAddress boundAddress;
    /** The socket file of a Unix domain socket, removed on stop; null for TCP. */
    private final Path socketFile;
    private final Thread thread;

    /** Binds the listening socket. Throws with the address in the message when it cannot. */
    Acceptor(ServerConfig config, EventLoopGroup group, ServerCounters counters, ConnectionLimits limits) {
        this.limits = limits;
        this.config = config;
        this.group = group;
        this.counters = counters;
        ServerSocketChannel ch = null;
        this.socketFile = config.address() instanceof UnixDomainSocketAddress unix ? unix.getPath() : null;
        try {
            if (socketFile != null) {
                removeStaleSocketFile(socketFile);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ch.bind(config.address(), config.backlog());
                this.boundAddress = config.address();
            } else {
                ch = ServerSocketChannel.open();
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (config.reusePort()) {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform");
                    }
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                if (config.receiveBufferSize() > 0) {
                    // set on the listener so that accepted sockets inherit it before the handshake (window scaling)
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
                }
                ch.bind(config.address(), config.backlog());
                InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
                // report the configured host (0.0.0.0 rather than the dual-stack ::) with the real port
                InetSocketAddress configured = (InetSocketAddress) config.address();
                this.boundAddress = new InetSocketAddress(configured.getAddress(), bound.getPort());
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("gev: cannot bind " + describe(config.address()) + ": " + e.getMessage(), e);
        }
        this.channel = ch;
        this.thread = new Thread(this::run, "gev-acceptor");
        this.thread.setDaemon(false);
    }

    SocketAddress boundAddress() {
        return boundAddress;
    }

    /**
     * Removes a socket file nobody accepts on any more (its server died without removing it); leaves one that a live
     * server answers on, so that binding fails as for a TCP port in use.
     */
    private static void removeStaleSocketFile(Path file) throws IOException {
        if (!Files.exists(file) || !Files.readAttributes(file, BasicFileAttributes.class).isOther()) {
            return; // nothing there, or not a socket: binding says what is wrong
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(file));
            throw new IOException("another server accepts on " + file);
        } catch (ConnectException stale) {
            log.info("gev: removing the stale socket file {}", file);
            Files.deleteIfExists(file);
        }
    }

    void start() {
        thread.start();
    }

    /** Stops accepting, removes a Unix domain socket's file and waits for the acceptor thread to end. Thread safe. */
    void stop() throws InterruptedException {
        closeQuietly(channel);
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                log.warn("gev: cannot remove the socket file {}: {}", socketFile, e.toString());
            }
        }
        thread.join();
    }

    private void run() {
        long backoff = 0;
        long lastLogged = 0;
        while (channel.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
                backoff = 0;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.acceptErrors.increment();
                long nowMillis = System.currentTimeMillis();
                if (nowMillis - lastLogged >= 1000) {
                    lastLogged = nowMillis;
                    log.warn("gev: accept on {} failed ({}); backing off", describe(boundAddress), e.getMessage());
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(1, backoff * 2));
                sleep(backoff);
                continue;
            }
            dispatch(accepted);
        }
    }

    private void dispatch(SocketChannel accepted) {
        try {
            config.configure(accepted, socketFile == null, false);
            SocketAddress remote = accepted.getRemoteAddress();
            EventLoop loop = group.select(config.loadBalancer(), remote);
            ConnectionLimits.Refusal refusal = limits.acquire(remote);
            if (refusal != null) {
                log.debug("gev: refused {}: {}", remote, refusal);
                if (config.refusalMessage() == null) {
                    closeQuietly(accepted);
                } else {
                    group.next().refuse(accepted, config.refusalMessage());
                }
                return;
            }
            counters.accepted.increment();
            loop.register(accepted);
        } catch (IOException | RuntimeException e) {
            counters.acceptErrors.increment();
            log.debug("gev: dropping an accepted connection: {}", e.toString());
            closeQuietly(accepted);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes {@code ch} (if any), ignoring failure: nothing was ever sent on it, or it is done. */
    static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return address instanceof UnixDomainSocketAddress unix ? "unix:" + unix.getPath() : String.valueOf(address);
    }
}
