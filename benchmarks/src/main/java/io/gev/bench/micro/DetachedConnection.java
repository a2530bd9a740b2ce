package io.gev.bench.micro;

import io.gev.Connection;
import io.gev.Timer;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A connection with no socket and no event loop, for driving a {@link io.gev.Protocol} by hand: it keeps the two
 * context slots, drops whatever is sent (a WebSocket's handshake reply), hands out timers that never fire (a
 * handshake deadline) and refuses to close, so that a decoder that would close it fails the benchmark loudly.
 */
final class DetachedConnection implements Connection {

    private Object context;
    private Object protocolContext;

    @Override
    public void send(Object message) {
    }

    @Override
    public void send(Object message, Runnable onFlushed) {
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("a benchmark connection does not close");
    }

    @Override
    public void shutdownWrite() {
        throw new UnsupportedOperationException("a benchmark connection does not close");
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void setContext(Object context) {
        this.context = context;
    }

    @Override
    public Object protocolContext() {
        return protocolContext;
    }

    @Override
    public void setProtocolContext(Object protocolContext) {
        this.protocolContext = protocolContext;
    }

    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public int readBufferLength() {
        return 0;
    }

    @Override
    public int writeBufferLength() {
        return 0;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public Timer runAfter(Duration delay, Runnable task) {
        return new IdleTimer();
    }

    @Override
    public Timer runEvery(Duration period, Runnable task) {
        return new IdleTimer();
    }

    /** A timer that never fires: there is no loop to run it. */
    private static final class IdleTimer implements Timer {

        private boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
