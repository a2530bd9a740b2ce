package io.gev;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A server's effective settings as {@link GevServer#settings()} shows them: by the builder's setting names, durations
 * as ISO-8601 text ({@code PT5M}), choices in lower case. Made once, when the server is built. Thread safe.
 */
final class ServerSettings {

    private ServerSettings() {
    }

    /** The settings of a TCP (or Unix domain socket) server. */
    static Map<String, Object> tcp(ServerBuilder<?> builder, ListenOptions listen, ConnectionConfig connection) {
        Map<String, Object> settings = common(builder, connection.socket(), connection.closeTimeout());
        settings.put("tls", connection.tls() != null);
        settings.put("idleTimeout", text(connection.idleTimeout()));
        settings.put("partialFrameTimeout", text(connection.partialFrameTimeout()));
        settings.put("maxConnections", listen.maxConnections());
        settings.put("maxConnectionsPerIp", listen.maxConnectionsPerIp());
        settings.put("maxConnectionRatePerIp", listen.maxConnectionRatePerIp());
        settings.put("maxBufferedBytes", listen.maxBufferedBytes());
        settings.put("backlog", listen.backlog());
        OutboundLimits outbound = connection.outbound();
        settings.put("writeBufferLowWatermark", outbound.lowWatermark());
        settings.put("writeBufferHighWatermark", outbound.highWatermark());
        settings.put("maxOutboundBytes", outbound.maxBytes());
        settings.put("outboundOverflow", choice(outbound.overflowPolicy()));
        settings.put("proxyProtocol", choice(connection.proxyProtocol()));
        settings.put("proxyHeaderTimeout", text(connection.proxyHeaderTimeout()));
        settings.put("tcpNoDelay", connection.socket().tcpNoDelay());
        settings.put("keepAlive", connection.socket().keepAlive());
        return Collections.unmodifiableMap(settings);
    }

    /** The settings of a UDP server. */
    static Map<String, Object> udp(ServerBuilder<?> builder, DatagramOptions options, Duration shutdownTimeout) {
        Map<String, Object> settings = common(builder, options.socket(), shutdownTimeout);
        settings.put("maxDatagramSize", options.maxDatagramSize());
        return Collections.unmodifiableMap(settings);
    }

    private static Map<String, Object> common(ServerBuilder<?> builder, SocketOptions socket, Duration shutdown) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("framing", builder.label().framing());
        settings.put("loops", builder.loopConfig().count());
        settings.put("shutdownTimeout", text(shutdown));
        settings.put("stallThreshold", text(builder.stallThreshold()));
        settings.put("receiveBufferSize", socket.receiveBufferSize());
        settings.put("sendBufferSize", socket.sendBufferSize());
        return settings;
    }

    private static String text(Duration duration) {
        return duration.toString();
    }

    private static String choice(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
