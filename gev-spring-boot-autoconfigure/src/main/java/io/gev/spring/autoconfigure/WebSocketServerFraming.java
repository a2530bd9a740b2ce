package io.gev.spring.autoconfigure;

import io.gev.websocket.PlainHttpHandler;
import io.gev.websocket.UpgradeFilter;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketHandler;
import io.gev.websocket.WebSocketOptions;
import java.util.List;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * {@code gev.protocol.type=websocket}: a WebSocketHandler with options from {@code gev.protocol.websocket.*}
 * (permessage-deflate from {@code .compression.*}), which the engine's {@link WebSocketOptions} check (a value it
 * refuses fails naming the property). A handler bean that also implements {@link PlainHttpHandler} answers plain
 * HTTP GETs (a page for browsers), and one that implements {@link UpgradeFilter} vets upgrades.
 */
final class WebSocketServerFraming {

    static final String HANDLER_TYPE = WebSocketHandler.class.getName();

    private WebSocketServerFraming() {
    }

    static boolean isHandler(Object bean) {
        return bean instanceof WebSocketHandler;
    }

    static ServerFraming of(Object bean, GevProtocolProperties settings, ServerPropertyNames names) {
        GevProtocolProperties.WebSocket ws = settings.getWebsocket();
        PropertyMapper map = PropertyMapper.get();
        WebSocketOptions.Builder options = WebSocketOptions.builder();
        int maxMessage = names.bytes(Framings.MAX_FRAME_LENGTH, settings.getMaxFrameLength());
        names.run(Framings.MAX_FRAME_LENGTH, settings.getMaxFrameLength(), () -> options.maxMessageSize(maxMessage));
        map.from(ws::getMaxFrameSize).to(names.bytesSetter("protocol.websocket.max-frame-size",
                frame -> options.maxFrameSize(Math.min(frame, maxMessage))));
        map.from(ws::getMaxHandshakeSize)
                .to(names.bytesSetter("protocol.websocket.max-handshake-size", options::maxHandshakeSize));
        map.from(ws::getHandshakeTimeout)
                .to(names.setter("protocol.websocket.handshake-timeout", options::handshakeTimeout));
        map.from(ws::getCloseTimeout).to(names.setter("protocol.websocket.close-timeout", options::closeTimeout));
        map.from(ws::getSubprotocols).to(names.setter("protocol.websocket.subprotocols", options::subprotocols));
        mapCompression(ws.getCompression(), options, names);
        List<String> origins = ws.getAllowedOrigins();
        if (!origins.isEmpty() && !origins.contains("*")) {
            options.originCheck(origin -> origin != null && origins.contains(origin));
        }
        if (bean instanceof PlainHttpHandler pages) {
            options.plainHttpHandler(pages);
        }
        if (bean instanceof UpgradeFilter filter) {
            options.upgradeFilter(filter);
        }
        return new ServerFraming(WebSocket.handler((WebSocketHandler) bean), WebSocket.protocol(options.build()));
    }

    private static void mapCompression(GevWebSocketCompressionProperties compression, WebSocketOptions.Builder options,
            ServerPropertyNames names) {
        String prefix = "protocol.websocket.compression.";
        PropertyMapper map = PropertyMapper.get();
        options.compression(compression.isEnabled());
        map.from(compression::getLevel).to(names.setter(prefix + "level", options::compressionLevel));
        map.from(compression::getMinSize).to(names.bytesSetter(prefix + "min-size", options::compressionMinSize));
        options.serverNoContextTakeover(compression.isServerNoContextTakeover());
        options.clientNoContextTakeover(compression.isClientNoContextTakeover());
    }
}
