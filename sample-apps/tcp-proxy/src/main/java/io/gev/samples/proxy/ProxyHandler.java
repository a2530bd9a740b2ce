package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.GevClient;
import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.GevOutboundProperties;
import io.gev.spring.autoconfigure.GevProperties;
import io.gev.spring.autoconfigure.GevServers;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the proxy: for each client connection it dials the upstream on the same event loop (with a
 * {@link GevClient} on the server's loops) and pairs the two; the client is not read until its upstream is there.
 */
@GevHandler
class ProxyHandler extends Relay {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final GevServers servers;
    private final ProxyProperties properties;
    /** The client side's output limits, which upstream connections share. */
    private final GevOutboundProperties outbound;
    private volatile GevClient upstreams;

    ProxyHandler(GevServers servers, ProxyProperties properties, GevProperties gev) {
        this.servers = servers;
        this.properties = properties;
        this.outbound = gev.getOutbound();
    }

    @Override
    public void onConnect(Connection client) {
        client.suspendReading();
        upstreams().connect(properties.upstream(), client).whenComplete((upstream, failure) -> {
            // on the client's loop: the upstream cannot have read anything yet
            if (failure != null) {
                log.info("{}: upstream {} unavailable ({}); closing", client, properties.upstream(),
                        failure.toString());
                client.close();
            } else if (!client.isConnected()) {
                upstream.close();
            } else {
                upstream.setContext(client);
                client.setContext(upstream);
                client.resumeReading();
            }
        });
    }

    /** The client of the upstreams, on the proxy server's loops; made at the first connection, when they run. */
    private GevClient upstreams() {
        GevClient c = upstreams;
        if (c == null) {
            synchronized (this) {
                c = upstreams;
                if (c == null) {
                    c = GevClient.builder(new Relay()).loopsOf(servers.get(GevServers.DEFAULT))
                            .connectTimeout(properties.connectTimeout())
                            .writeBufferWatermark((int) outbound.getLowWatermark().toBytes(),
                                    (int) outbound.getHighWatermark().toBytes())
                            .maxOutboundBytes((int) outbound.getMaxBytes().toBytes(), outbound.getOnOverflow())
                            .build();
                    upstreams = c;
                }
            }
        }
        return c;
    }

    @PreDestroy
    void closeUpstreams() {
        GevClient c = upstreams;
        if (c != null) {
            c.close();
        }
    }
}
