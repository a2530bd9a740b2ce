package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.Relay;
import io.gev.spring.GevHandler;

/**
 * The client side of the proxy: each client connection is held (not read) until {@link UpstreamDialer} paired it
 * with an upstream connection on the same event loop, then both are relayed by the engine's {@link Relay} (from the
 * loop's read buffer straight to the other socket, with back-pressure, half-close and close passed across); while
 * the proxy drains on shutdown, new clients are closed at once.
 */
@GevHandler
class ProxyHandler extends Relay {

    private final Upstreams upstreams;
    private final UpstreamDialer dialer;

    ProxyHandler(Upstreams upstreams, UpstreamDialer dialer) {
        this.upstreams = upstreams;
        this.dialer = dialer;
    }

    /** Loop thread only (a handler callback). */
    @Override
    public void onConnect(Connection client) {
        upstreams.clientOpened();
        if (upstreams.isDraining()) {
            client.close();
            return;
        }
        client.suspendReading();
        dialer.connect(client);
    }

    /** Loop thread only (a handler callback). */
    @Override
    public void onClose(Connection client) {
        try {
            super.onClose(client);
        } finally {
            upstreams.clientClosed();
        }
    }
}
