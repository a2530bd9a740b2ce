package io.gev.spring.autoconfigure;

import io.gev.spring.autoconfigure.GevServerProperties.ProtocolSettings;
import io.gev.websocket.PlainHttpHandler;
import io.gev.websocket.UpgradeFilter;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketHandler;
import io.gev.websocket.WebSocketOptions;
import java.util.List;

/**
 * {@code gev.protocol.type=websocket}: a WebSocketHandler with options from {@code gev.protocol.websocket.*}. A handler
 * bean that also implements {@link PlainHttpHandler} answers plain HTTP GETs (a page for browsers), and one that
 * implements {@link UpgradeFilter} vets upgrades.
 */
final class WebSocketFraming {

    static final String HANDLER_TYPE = WebSocketHandler.class.getName();

    private WebSocketFraming() {
    }

    static boolean isHandler(Object bean) {
        return bean instanceof WebSocketHandler;
    }

    static ServerFraming of(Object bean, ProtocolSettings settings) {
        GevServerProperties.ProtocolSettings.WebSocket ws = settings.getWebsocket();
        WebSocketOptions.Builder options = WebSocketOptions.builder()
                .maxMessageSize((int) settings.getMaxFrameLength().toBytes())
                .maxFrameSize((int) Math.min(ws.getMaxFrameSize().toBytes(), settings.getMaxFrameLength().toBytes()))
                .maxHandshakeSize((int) ws.getMaxHandshakeSize().toBytes())
                .handshakeTimeout(ws.getHandshakeTimeout())
                .closeTimeout(ws.getCloseTimeout())
                .subprotocols(ws.getSubprotocols());
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
}
