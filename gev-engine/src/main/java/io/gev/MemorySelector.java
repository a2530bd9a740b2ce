package io.gev;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The selector of an embedded loop: it keeps the keys of its {@link MemorySocketChannel}s and their interest, and never
 * selects anything: its {@link EmbeddedSocket} reads each key's interest and tells the connection of readiness itself.
 * {@link #PROVIDER} makes only these selectors (the channels are made directly).
 *
 * <p>Not thread safe: used on its embedded loop's thread only.
 */
final class MemorySelector extends AbstractSelector {

    /** The provider of memory selectors and channels. */
    static final SelectorProvider PROVIDER = new Provider();

    private final Set<SelectionKey> keys = new HashSet<>();

    MemorySelector() {
        super(PROVIDER);
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel channel, int ops, Object attachment) {
        SelectionKey key = new Key(this, channel, ops);
        key.attach(attachment);
        keys.add(key);
        return key;
    }

    @Override
    protected void implCloseSelector() {
        keys.clear();
    }

    @Override
    public Set<SelectionKey> keys() {
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        return Set.of();
    }

    @Override
    public int selectNow() {
        return 0;
    }

    @Override
    public int select(long timeout) {
        return 0;
    }

    @Override
    public int select() {
        return 0;
    }

    @Override
    public Selector wakeup() {
        return this;
    }

    /** A channel's registration: its interest, which the embedded socket reads to decide what is ready. */
    private static final class Key extends AbstractSelectionKey {

        private final Selector selector;
        private final SelectableChannel channel;
        private int interestOps;

        Key(Selector selector, SelectableChannel channel, int interestOps) {
            this.selector = selector;
            this.channel = channel;
            this.interestOps = interestOps;
        }

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            return selector;
        }

        @Override
        public int interestOps() {
            return interestOps;
        }

        @Override
        public SelectionKey interestOps(int ops) {
            this.interestOps = ops;
            return this;
        }

        @Override
        public int readyOps() {
            return 0;
        }
    }

    /** Makes memory selectors; the channels of an embedded loop are made directly. */
    private static final class Provider extends SelectorProvider {

        @Override
        public AbstractSelector openSelector() {
            return new MemorySelector();
        }

        @Override
        public DatagramChannel openDatagramChannel() throws IOException {
            throw onlySockets();
        }

        @Override
        public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
            throw onlySockets();
        }

        @Override
        public Pipe openPipe() throws IOException {
            throw onlySockets();
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() throws IOException {
            throw onlySockets();
        }

        @Override
        public SocketChannel openSocketChannel() throws IOException {
            return new MemorySocketChannel();
        }

        private static UnsupportedOperationException onlySockets() {
            return new UnsupportedOperationException("an embedded loop serves memory sockets only");
        }
    }
}
