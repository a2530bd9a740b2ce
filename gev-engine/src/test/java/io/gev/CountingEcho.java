package io.gev;

import java.util.concurrent.atomic.AtomicInteger;

/** An echo handler that counts the connections it was told of and their closes: a fixture for the load tests. */
final class CountingEcho implements Handler {

    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void onConnect(Connection connection) {
        connects.incrementAndGet();
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        return data;
    }

    @Override
    public void onClose(Connection connection) {
        closes.incrementAndGet();
    }

    /** Connections announced and not closed yet. */
    int open() {
        return connects.get() - closes.get();
    }
}
