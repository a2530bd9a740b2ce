package io.gev.bench.server;

import io.gev.GevServer;
import io.gev.bench.Arguments;
import io.gev.websocket.MessageType;
import io.gev.websocket.SharedFrame;
import io.gev.websocket.WebSocket;
import io.gev.websocket.WebSocketConnection;
import io.gev.websocket.WebSocketHandler;
import io.gev.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gev's WebSocket server for the benchmarks, the engine's plugin with its default {@link WebSocketOptions}.
 * {@code --mode echo} sends a text message back as the UTF-8 bytes it came in
 * ({@link WebSocketConnection#sendText(byte[])}: no {@code String} is made, the work Node's {@code ws} does when it
 * echoes the {@code Buffer} it got) and a binary one as its bytes; {@code --mode broadcast} is the chat sample's pattern: every text message goes to every open
 * WebSocket, encoded once as a {@link SharedFrame} ({@code --broadcast shared}) or sent to each with
 * {@code sendText} ({@code --broadcast each}: encoded per recipient, for comparison).
 *
 * <p>Options: {@code --port 19001 --loops 1 --mode echo|broadcast --broadcast shared|each --probe-port 0}.
 */
public final class GevWebSocketServer {

    private GevWebSocketServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        WebSocketHandler handler = switch (options.get("mode", "echo")) {
            case "echo" -> GevWebSocketServer::echo;
            case "broadcast" -> new Broadcast(switch (options.get("broadcast", "shared")) {
                case "shared" -> true;
                case "each" -> false;
                default -> throw new IllegalArgumentException("--broadcast is shared or each");
            });
            default -> throw new IllegalArgumentException("--mode is echo or broadcast");
        };
        GevServer server = GevServer.builder(WebSocket.handler(handler))
                .protocol(WebSocket.protocol(WebSocketOptions.defaults()))
                .address("127.0.0.1", options.getInt("port", 19001))
                .loops(options.getInt("loops", 1))
                .backlog(4096)
                .build();
        server.start();
        int probe = options.getInt("probe-port", 0);
        if (probe > 0) {
            Probe.start(probe, server::connectionCount);
        }
        System.out.println("gev websocket server (" + options.get("mode", "echo") + ") on " + server.localAddress()
                + ", " + server.loopCount() + " loop(s)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.awaitTermination();
    }

    /** Sends a text back as the bytes it came in, a binary as its bytes. Loop thread only. */
    private static Object echo(WebSocketConnection ws, MessageType type, byte[] data) {
        if (type == MessageType.BINARY) {
            return data;
        }
        ws.sendText(data);
        return null;
    }

    /** Sends each text message to every open WebSocket. Thread safe. */
    static final class Broadcast implements WebSocketHandler {

        private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
        private final boolean shared;

        Broadcast(boolean shared) {
            this.shared = shared;
        }

        @Override
        public void onOpen(WebSocketConnection ws) {
            open.add(ws);
        }

        @Override
        public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
            if (type == MessageType.TEXT) {
                String text = new String(data, StandardCharsets.UTF_8);
                if (shared) {
                    SharedFrame frame = SharedFrame.text(text);
                    open.forEach(member -> member.send(frame));
                } else {
                    open.forEach(member -> member.sendText(text));
                }
            }
            return null;
        }

        @Override
        public void onClose(WebSocketConnection ws, int code, String reason) {
            open.remove(ws);
        }
    }
}
