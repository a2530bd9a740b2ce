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
import java.util.function.Consumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket and the thread that accepts on it: each accepted socket is handed over as it is (to the
 * server's {@link AcceptedConnections}, which admits it to a loop or refuses it). When accept fails (out of file
 * descriptors, say) it backs off instead of spinning, and logs at most once per second.
 *
 * <p>The socket is TCP, or a Unix domain socket when the address is a {@link UnixDomainSocketAddress}: then a socket
 * file left behind by a server that died is removed before binding (one a live server answers on is not), and the
 * file is removed when the acceptor stops.
 */
final class Acceptor {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final Consumer<SocketChannel> handoff;
    private final ServerCounters counters;
    private final ServerSocketChannel channel;
    private final SocketAddress boundAddress;
    /** The socket file of a Unix domain socket, removed on stop; null for TCP. */
    private final Path socketFile;
    private final Thread thread;

    /**
     * Binds the listening socket for {@code listen}, with SO_RCVBUF {@code receiveBufferSize} (0: the system's) for
     * the sockets it accepts; each accepted socket will go to {@code handoff}; its thread is called {@code threadName}.
     * Not thread safe.
     *
     * @throws UncheckedIOException with the address in the message when it cannot bind
     */
    Acceptor(ListenOptions listen, int receiveBufferSize, Consumer<SocketChannel> handoff, ServerCounters counters,
            String threadName) {
        this.handoff = handoff;
        this.counters = counters;
        ServerSocketChannel ch = null;
        SocketAddress address = listen.address();
        this.socketFile = address instanceof UnixDomainSocketAddress unix ? unix.getPath() : null;
        try {
            if (socketFile != null) {
                removeStaleSocketFile(socketFile);
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ch.bind(address, listen.backlog());
                this.boundAddress = address;
            } else {
                ch = ServerSocketChannel.open();
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (listen.reusePort()) {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform");
                    }
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                if (receiveBufferSize > 0) {
                    // set on the listener so that accepted sockets inherit it before the handshake (window scaling)
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
                }
                ch.bind(address, listen.backlog());
                InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
                // report the configured host (0.0.0.0 rather than the dual-stack ::) with the real port
                this.boundAddress = new InetSocketAddress(((InetSocketAddress) address).getAddress(), bound.getPort());
            }
        } catch (IOException e) {
            Sockets.closeQuietly(ch);
            throw new UncheckedIOException("cannot bind " + Sockets.describe(address) + ": " + e.getMessage(), e);
        }
        this.channel = ch;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(false);
    }

    /** The bound address: the configured host and the real port, or the socket file. Thread safe. */
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

    /** Starts accepting. Not thread safe: called once. */
    void start() {
        thread.start();
    }

    /** Stops accepting, removes a Unix domain socket's file and waits for the acceptor thread to end. Thread safe. */
    void stop() throws InterruptedException {
        Sockets.closeQuietly(channel);
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
                    log.warn("gev: accept on {} failed ({}); backing off", Sockets.describe(boundAddress),
                            e.getMessage());
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(1, backoff * 2));
                sleep(backoff);
                continue;
            }
            handoff.accept(accepted);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
