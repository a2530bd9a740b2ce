package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.GevClient;
import io.gev.GevServer;
import io.gev.LocalConnectException;
import io.gev.spring.autoconfigure.GevOutboundProperties;
import io.gev.spring.autoconfigure.GevServers;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects each client to an upstream on the client's own event loop and pairs the two: the upstream is chosen by
 * {@link Upstreams}; a failed connect is counted against it and, up to {@code proxy.connect-attempts}, the next
 * upstream is tried; with {@code proxy.send-proxy: v2} the upstream first gets a PROXY header naming the client. The
 * connections are dialled by a {@link GevClient} per upstream on the proxy server's loops. A connect that fails on the
 * proxy's side ({@link LocalConnectException}: out of file descriptors or local ports) is not held against the
 * upstream, nor tried on another: the client is closed, and counted; nor is a connect the proxy's stop ends. Thread
 * safe.
 */
final class UpstreamDialer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamDialer.class);

    private final Upstreams upstreams;
    private final ProxyProperties properties;
    private final GevServers servers;
    /** The proxy server's output limits, which the upstream connections share. */
    private final GevOutboundProperties outbound;
    /** By upstream index; made at the first client, once the server's loops run. */
    private volatile GevClient[] clients;

    UpstreamDialer(Upstreams upstreams, ProxyProperties properties, GevServers servers,
            GevOutboundProperties outbound) {
        this.upstreams = upstreams;
        this.properties = properties;
        this.servers = servers;
        this.outbound = outbound;
    }

    /**
     * Connects {@code client}, whose reading is suspended, to an upstream and then resumes its reading; or closes it
     * when no upstream can be had. Loop thread only: the client's loop (its {@code onConnect}).
     */
    void connect(Connection client) {
        attempt(client, 0L, 1);
    }

    private void attempt(Connection client, long tried, int attempt) {
        Upstream upstream = upstreams.choose(tried);
        if (upstream == null) {
            giveUp(client, tried == 0 ? "no upstream is up" : "no other upstream is up");
            return;
        }
        upstream.acquire();
        CompletableFuture<Connection> connecting;
        try {
            connecting = clientOf(upstream).connect(upstream.address(), client);
        } catch (IllegalStateException stopping) { // the server stops: no new upstream connections
            upstream.release();
            client.close();
            return;
        }
        connecting.whenComplete((connection, failure) -> { // on the client's loop
            if (failure == null) {
                pair(client, connection, upstream);
            } else {
                upstream.release();
                failed(client, upstream, failure, tried, attempt);
            }
        });
    }

    /**
     * A connect for {@code client} failed: held against {@code upstream}, and tried on another up to
     * {@code proxy.connect-attempts}; unless the failure is the proxy's own ({@link LocalConnectException}), or the
     * proxy is stopping (the connects still under way end with the server's loops).
     */
    private void failed(Connection client, Upstream upstream, Throwable failure, long tried, int attempt) {
        if (upstreams.isDraining()) {
            client.close();
            return;
        }
        if (failure instanceof LocalConnectException) {
            upstreams.localFailure();
            giveUp(client, "the proxy could not connect: " + failure.getMessage());
            return;
        }
        upstream.connectFailed(); // counted, and logged when it takes the upstream out
        log.debug("{}: {} unavailable ({})", client, upstream, failure.toString());
        if (!client.isConnected()) {
            return; // the client left meanwhile
        }
        if (attempt < properties.connectAttempts()) {
            upstreams.retried();
            attempt(client, tried | Upstreams.bit(upstream), attempt + 1);
        } else {
            giveUp(client, attempt + " connect attempt(s) failed");
        }
    }

    /**
     * Closes {@code client}; logged when it is the first of a run of clients with no upstream, at most once per
     * {@link Upstreams#UNSERVED_LOG_INTERVAL}.
     */
    private void giveUp(Connection client, String why) {
        if (upstreams.unserved()) {
            log.warn("{}: {}; closing it, and the clients after it while no upstream can be had (the proxy's "
                    + "unserved clients count them; logged again once a client was served, at most every {} s)",
                    client, why, Upstreams.UNSERVED_LOG_INTERVAL.toSeconds());
        } else {
            log.debug("{}: {}; closing", client, why);
        }
        client.close();
    }

    private void pair(Connection client, Connection connection, Upstream upstream) {
        upstream.connected();
        upstreams.served();
        if (!client.isConnected()) { // the client left while its upstream was dialled
            connection.close();
            return;
        }
        if (properties.sendProxy() == ProxyProperties.SendProxy.V2) {
            connection.send(ProxyHeader.of(client.peerAddress(), client.localAddress()));
        }
        connection.setContext(client);
        client.setContext(connection);
        client.resumeReading();
    }

    private GevClient clientOf(Upstream upstream) {
        GevClient[] c = clients;
        if (c == null) {
            synchronized (this) {
                c = clients;
                if (c == null) {
                    c = newClients(servers.get(GevServers.DEFAULT));
                    clients = c;
                }
            }
        }
        return c[upstream.index()];
    }

    private GevClient[] newClients(GevServer server) {
        GevClient[] made = new GevClient[upstreams.all().size()];
        for (Upstream upstream : upstreams.all()) {
            made[upstream.index()] = GevClient.builder(new UpstreamSide(upstream)).loopsOf(server)
                    .connectTimeout(properties.connectTimeout())
                    .writeBufferWatermark((int) outbound.getLowWatermark().toBytes(),
                            (int) outbound.getHighWatermark().toBytes())
                    .maxOutboundBytes((int) outbound.getMaxBytes().toBytes(), outbound.getOnOverflow())
                    .shutdownTimeout(server.shutdownTimeout())
                    .build();
        }
        return made;
    }

    /** Closes the upstream connections gracefully. Thread safe. */
    @Override
    public synchronized void close() {
        GevClient[] c = clients;
        if (c != null) {
            for (GevClient client : c) {
                client.close();
            }
        }
    }
}
