package io.gev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP server's way in: datagram sockets on its loops, each a {@link DatagramEndpoint}. With more than one loop, and
 * SO_REUSEPORT available, every loop gets a socket of its own, all bound to one port, and the kernel spreads the
 * senders over them; otherwise the first loop's socket serves everyone. There is no acceptor and no connection.
 *
 * <p>Thread safe; {@link #bind} is called once, before the loops start.
 */
final class DatagramListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger(DatagramListener.class);

    private final DatagramOptions options;
    private final HandlerInvoker invoker;

    DatagramListener(DatagramOptions options, HandlerInvoker invoker) {
        this.options = options;
        this.invoker = invoker;
    }

    /**
     * Binds the sockets and registers them with their loops (whose selectors see them from the first select on).
     *
     * @throws UncheckedIOException          when the address cannot be bound (the message names it)
     * @throws UnsupportedOperationException when reuse-port was asked for and the platform lacks SO_REUSEPORT
     */
    @Override
    public SocketAddress bind(EventLoopGroup group, ServerCounters counters) {
        counters.attach(group.counters(), new ConnectionLimits(0, 0));
        List<DatagramChannel> channels = new ArrayList<>(group.size());
        boolean bound = false;
        try {
            DatagramChannel first = DatagramChannel.open();
            channels.add(first);
            boolean reusePort = first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (options.reusePort() && !reusePort) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform");
            }
            int sockets = reusePort ? group.size() : 1;
            if (sockets < group.size()) {
                log.info("gev: no SO_REUSEPORT here, so one datagram socket on loop 0 serves every sender");
            }
            boolean sharePort = sockets > 1 || options.reusePort();
            configure(first, sharePort).bind(options.address());
            int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            InetSocketAddress address = new InetSocketAddress(options.address().getAddress(), port);
            for (int i = 1; i < sockets; i++) {
                DatagramChannel next = DatagramChannel.open();
                channels.add(next);
                configure(next, true).bind(address);
            }
            for (int i = 0; i < sockets; i++) {
                new DatagramEndpoint(group.loops().get(i), channels.get(i), options, invoker, address).register();
            }
            bound = true;
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind udp " + Sockets.describe(options.address()) + ": "
                    + e.getMessage(), e);
        } finally {
            if (!bound) {
                channels.forEach(Sockets::closeQuietly);
            }
        }
    }

    private DatagramChannel configure(DatagramChannel channel, boolean sharePort) throws IOException {
        if (sharePort) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        options.socket().configure(channel);
        return channel;
    }

    /** Nothing to start: the sockets receive once their loops run. */
    @Override
    public void start() {
    }

    /** Nothing to stop: the sockets close with their loops, after the sends queued before. */
    @Override
    public void stop() {
    }

    /** A UDP server has no connections. */
    @Override
    public int connectionCount(int loopIndex) {
        return 0;
    }

    @Override
    public int connectionCount() {
        return 0;
    }

    @Override
    public List<ConnectionInfo> describe(EventLoop loop, int limit) {
        return List.of();
    }
}
