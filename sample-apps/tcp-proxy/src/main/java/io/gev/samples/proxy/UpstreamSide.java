package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.Relay;

/**
 * The upstream side of a relayed pair: relays as {@link Relay} does, and gives its {@link Upstream}'s slot back when
 * the connection closes (what least-connections counts). One per upstream, shared by its connections.
 */
final class UpstreamSide extends Relay {

    private final Upstream upstream;

    UpstreamSide(Upstream upstream) {
        this.upstream = upstream;
    }

    /** Loop thread only (a handler callback). */
    @Override
    public void onClose(Connection connection) {
        try {
            super.onClose(connection);
        } finally {
            upstream.release();
        }
    }
}
