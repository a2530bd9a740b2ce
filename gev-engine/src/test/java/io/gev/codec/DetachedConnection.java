package io.gev.codec;

import io.gev.Connection;
import io.gev.Timer;
import java.net.SocketAddress;
import java.time.Duration;

/** A connection with no socket, for driving a decoder directly: it only keeps the two context slots. */
final class DetachedConnection implements Connection {

    private Object context;
    private Object protocolContext;

    @Override
    public void send(Object message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void send(Object message, Runnable onFlushed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdownWrite() {
        throw new UnsupportedOperationException();
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
    public Timer runAfter(Duration delay, Runnable task) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Timer runEvery(Duration period, Runnable task) {
        throw new UnsupportedOperationException();
    }
}
