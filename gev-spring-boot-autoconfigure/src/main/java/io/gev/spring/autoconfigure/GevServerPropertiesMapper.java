package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.Handler;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps one server's {@link GevServerProperties} onto its engine builder, a {@link GevServer.Builder} (TCP) or a
 * {@link GevServer.UdpBuilder} ({@code transport=udp}), as Spring Boot's {@code *WebServerFactoryCustomizer}s map
 * {@code server.*} onto a web server factory. The builders check every value: when one refuses a value, the
 * {@link InvalidConfigurationPropertyValueException} names the property ({@code gev.servers.admin.backlog}) and
 * gives the builder's message as the reason; a rule over several properties (the outbound watermarks and
 * {@code max-bytes}) names their group ({@code gev.outbound}). Unset (null) values keep the engine's defaults. TLS
 * and the handler executor, which are resolved from beans, are left to {@link GevServerFactory}. Not thread safe.
 */
public final class GevServerPropertiesMapper {

    private static final GevServerProperties DEFAULTS = new GevServerProperties();
    private static final Handler NO_HANDLER = (connection, context, data) -> null;

    /** The settings a UDP server does not have, each a property key and its value. */
    private static final List<Setting> TCP_ONLY = List.of(
            new Setting("unix-socket", GevServerProperties::getUnixSocket),
            new Setting("load-balance", GevServerProperties::getLoadBalance),
            new Setting("backlog", GevServerProperties::getBacklog),
            new Setting("tcp-no-delay", GevServerProperties::isTcpNoDelay),
            new Setting("keep-alive", GevServerProperties::isKeepAlive),
            new Setting("idle-timeout", GevServerProperties::getIdleTimeout),
            new Setting("partial-frame-timeout", GevServerProperties::getPartialFrameTimeout),
            new Setting("max-connections", GevServerProperties::getMaxConnections),
            new Setting("max-connections-per-ip", GevServerProperties::getMaxConnectionsPerIp),
            new Setting("refusal-message", GevServerProperties::getRefusalMessage),
            new Setting("max-connection-rate-per-ip", GevServerProperties::getMaxConnectionRatePerIp),
            new Setting("access.allow", s -> s.getAccess().getAllow()),
            new Setting("access.deny", s -> s.getAccess().getDeny()),
            new Setting("memory.max-buffered", s -> s.getMemory().getMaxBuffered()),
            new Setting("proxy-protocol", GevServerProperties::getProxyProtocol),
            new Setting("trusted-proxies", GevServerProperties::getTrustedProxies),
            new Setting("proxy-header-timeout", GevServerProperties::getProxyHeaderTimeout),
            new Setting("outbound.high-watermark", s -> s.getOutbound().getHighWatermark()),
            new Setting("outbound.low-watermark", s -> s.getOutbound().getLowWatermark()),
            new Setting("outbound.max-bytes", s -> s.getOutbound().getMaxBytes()),
            new Setting("outbound.on-overflow", s -> s.getOutbound().getOnOverflow()),
            new Setting("ssl.bundle", s -> s.getSsl().getBundle()),
            new Setting("ssl.client-auth", s -> s.getSsl().getClientAuth()),
            new Setting("ssl.handshake-timeout", s -> s.getSsl().getHandshakeTimeout()),
            new Setting("handler.executor", s -> s.getHandler().getExecutor()),
            new Setting("handler.max-pending-per-connection", s -> s.getHandler().getMaxPendingPerConnection()));

    private final GevServerProperties settings;
    private final GevServerProperties inherited;
    private final ServerPropertyNames names;
    private final PropertyMapper map = PropertyMapper.get();

    /**
     * A mapper of {@code settings}, the properties of the server whose prefix is {@code prefix} ({@code gev}, or
     * {@code gev.servers.<name>}). {@code inherited} are the values its settings start from: the defaults for the
     * default server (also when null), the top-level {@code gev.*} values for a named one. A UDP server ignores an
     * inherited TCP-only value, and fails on one set for itself.
     */
    public GevServerPropertiesMapper(String prefix, GevServerProperties settings, GevServerProperties inherited) {
        this.settings = settings;
        this.inherited = inherited != null ? inherited : DEFAULTS;
        this.names = new ServerPropertyNames(prefix);
    }

    /**
     * Maps the properties of a TCP (or Unix domain socket) server onto {@code builder}.
     *
     * @throws InvalidConfigurationPropertyValueException when the builder refuses a value (naming the property)
     */
    public void mapTo(GevServer.Builder builder) {
        mapCommon(new CommonSetters(builder::address, builder::loops, builder::reusePort,
                builder::receiveBufferSize, builder::sendBufferSize, builder::timerTick, builder::timerWheelSize,
                builder::stallThreshold, builder::shutdownTimeout));
        map.from(settings::getUnixSocket).whenHasText()
                .to(names.setter("unix-socket", path -> builder.address(UnixDomainSocketAddress.of(path))));
        map.from(settings::getLoadBalance).to(balance -> builder.loadBalancer(balance.create()));
        map.from(settings::getBacklog).to(names.setter("backlog", builder::backlog));
        map.from(settings::isTcpNoDelay).to(builder::tcpNoDelay);
        map.from(settings::isKeepAlive).to(builder::keepAlive);
        map.from(settings::getIdleTimeout).to(names.setter("idle-timeout", builder::idleTimeout));
        map.from(settings::getPartialFrameTimeout)
                .to(names.setter("partial-frame-timeout", builder::partialFrameTimeout));
        map.from(settings::getProxyProtocol).to(mode -> names.run("trusted-proxies", settings.getTrustedProxies(),
                () -> builder.proxyProtocol(mode, settings.getTrustedProxies().toArray(String[]::new))));
        map.from(settings::getProxyHeaderTimeout)
                .to(names.setter("proxy-header-timeout", builder::proxyHeaderTimeout));
        map.from(settings::getMaxConnections).to(names.setter("max-connections", builder::maxConnections));
        map.from(settings::getMaxConnectionsPerIp)
                .to(names.setter("max-connections-per-ip", builder::maxConnectionsPerIp));
        map.from(settings::getRefusalMessage).as(text -> text.getBytes(StandardCharsets.UTF_8))
                .to(builder::refusalMessage);
        map.from(settings::getMaxConnectionRatePerIp)
                .to(names.setter("max-connection-rate-per-ip", builder::maxConnectionRatePerIp));
        map.from(settings.getAccess()::getAllow).to(names.setter("access.allow",
                blocks -> builder.allow(blocks.toArray(String[]::new))));
        map.from(settings.getAccess()::getDeny).to(names.setter("access.deny",
                blocks -> builder.deny(blocks.toArray(String[]::new))));
        map.from(settings.getMemory()::getMaxBuffered)
                .to(names.longBytesSetter("memory.max-buffered", builder::maxBufferedBytes));
        map.from(settings.getHandler()::getMaxPendingPerConnection)
                .to(names.setter("handler.max-pending-per-connection", builder::maxPendingPerConnection));
        mapOutbound(builder);
    }

    /**
     * Maps the properties of a UDP server onto {@code builder}.
     *
     * @throws InvalidConfigurationPropertyValueException when the builder refuses a value (naming the property), or
     *                                                    a setting of TCP servers only is set for this server
     */
    public void mapTo(GevServer.UdpBuilder builder) {
        for (Setting tcpOnly : TCP_ONLY) {
            Object value = tcpOnly.value().apply(settings);
            if (isSet(value) && !value.equals(tcpOnly.value().apply(DEFAULTS))
                    && !value.equals(tcpOnly.value().apply(inherited))) {
                throw names.invalid(tcpOnly.key(), value, "does not apply to a UDP server ("
                        + names.name("transport") + "=udp); leave it unset for this server");
            }
        }
        mapCommon(new CommonSetters(builder::address, builder::loops, builder::reusePort,
                builder::receiveBufferSize, builder::sendBufferSize, builder::timerTick, builder::timerWheelSize,
                builder::stallThreshold, builder::shutdownTimeout));
        map.from(settings.getUdp()::getMaxDatagramSize)
                .to(names.bytesSetter("udp.max-datagram-size", builder::maxDatagramSize));
    }

    /**
     * Builds the TCP server. When the builder refuses its settings together, and the outbound group alone is what it
     * refuses, the failure names {@code outbound}; any other failure (a customizer's, say) is the builder's own.
     *
     * @throws InvalidConfigurationPropertyValueException when the outbound properties contradict each other
     */
    public GevServer build(GevServer.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            GevServer.Builder outboundAlone = GevServer.builder(NO_HANDLER);
            mapOutbound(outboundAlone); // the builder took each of these values already
            names.run("outbound", outboundValues(), outboundAlone::build);
            throw e;
        }
    }

    /**
     * Builds the UDP server.
     *
     * @throws InvalidConfigurationPropertyValueException naming {@code transport} when the handler cannot serve
     *                                                    datagrams
     */
    public GevServer build(GevServer.UdpBuilder builder) {
        return names.call("transport", settings.getTransport(), builder::build);
    }

    private void mapCommon(CommonSetters builder) {
        map.from(settings::getPort)
                .to(names.setter("port", port -> builder.address().accept(settings.getHost(), port)));
        map.from(settings::getLoops).to(builder.loops()::accept);
        map.from(settings::isReusePort).to(builder.reusePort());
        map.from(settings::getReceiveBufferSize)
                .to(names.bytesSetter("receive-buffer-size", builder.receiveBufferSize()));
        map.from(settings::getSendBufferSize).to(names.bytesSetter("send-buffer-size", builder.sendBufferSize()));
        map.from(settings.getTimer()::getTick).to(names.setter("timer.tick", builder.timerTick()));
        map.from(settings.getTimer()::getWheelSize)
                .to(names.setter("timer.wheel-size", builder.timerWheelSize()::accept));
        map.from(settings::getStallThreshold).to(names.setter("stall-threshold", builder.stallThreshold()));
        map.from(settings::getShutdownTimeout).to(names.setter("shutdown-timeout", builder.shutdownTimeout()));
    }

    private void mapOutbound(GevServer.Builder builder) {
        GevOutboundProperties outbound = settings.getOutbound();
        int low = names.bytes("outbound.low-watermark", outbound.getLowWatermark());
        int high = names.bytes("outbound.high-watermark", outbound.getHighWatermark());
        names.run("outbound", outboundValues(), () -> builder.writeBufferWatermark(low, high));
        map.from(outbound::getMaxBytes).to(names.bytesSetter("outbound.max-bytes",
                max -> builder.maxOutboundBytes(max, outbound.getOnOverflow())));
    }

    private String outboundValues() {
        GevOutboundProperties outbound = settings.getOutbound();
        return "low-watermark=" + outbound.getLowWatermark() + ", high-watermark=" + outbound.getHighWatermark()
                + ", max-bytes=" + outbound.getMaxBytes();
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof String text && text.isBlank());
    }

    /** A property by its key under the server's prefix, and how to read its value. */
    private record Setting(String key, Function<GevServerProperties, Object> value) {
    }

    /** The setters both builders have: their common superclass is not public. */
    private record CommonSetters(ObjIntConsumer<String> address, IntConsumer loops, Consumer<Boolean> reusePort,
            IntConsumer receiveBufferSize, IntConsumer sendBufferSize, Consumer<Duration> timerTick,
            IntConsumer timerWheelSize, Consumer<Duration> stallThreshold, Consumer<Duration> shutdownTimeout) {
    }
}
