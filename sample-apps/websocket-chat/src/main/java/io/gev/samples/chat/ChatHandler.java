package io.gev.samples.chat;

import io.gev.spring.GevHandler;
import io.gev.websocket.CloseCodes;
import io.gev.websocket.HttpReply;
import io.gev.websocket.MessageType;
import io.gev.websocket.PlainHttpHandler;
import io.gev.websocket.UpgradeFilter;
import io.gev.websocket.WebSocketConnection;
import io.gev.websocket.WebSocketHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The chat on the gev port: {@code GET /} is the page, a WebSocket to {@code /chat?name=alice} joins the room as
 * alice, each text message it sends is said to the room, and closing it leaves. Every member is pinged every
 * {@code chat.ping-interval} by a timer on its connection, which closing cancels.
 *
 * <p>Being a {@link WebSocketHandler} makes the starter frame this server as WebSocket; being a
 * {@link PlainHttpHandler} and an {@link UpgradeFilter} lets it serve the page and refuse bad upgrades.
 */
@GevHandler
public class ChatHandler implements WebSocketHandler, PlainHttpHandler, UpgradeFilter {

    private static final String CHAT_PATH = "/chat";
    private static final byte[] PING = "are you there?".getBytes(StandardCharsets.US_ASCII);

    private final ChatRoom room;
    private final ChatPage page;
    private final ChatProperties properties;

    public ChatHandler(ChatRoom room, ChatPage page, ChatProperties properties) {
        this.room = room;
        this.page = page;
        this.properties = properties;
    }

    @Override
    public HttpReply handle(String path, Map<String, String> headers) {
        String p = RequestTarget.parse(path).path();
        return p.equals("/") || p.equals("/index.html") ? page.reply() : null;
    }

    @Override
    public HttpReply check(String path, Map<String, String> headers) {
        RequestTarget target = RequestTarget.parse(path);
        if (!target.path().equals(CHAT_PATH)) {
            return HttpReply.text(404, "Not Found", "the chat is at " + CHAT_PATH + "?name=<your name>\n");
        }
        if (memberName(target).isEmpty()) {
            return HttpReply.text(400, "Bad Request", "a name of 1 to " + ChatRoom.MAX_NAME_LENGTH
                    + " characters is required: " + CHAT_PATH + "?name=<your name>\n");
        }
        return null;
    }

    @Override
    public void onOpen(WebSocketConnection ws) {
        // check() admitted only upgrades that carry a valid name
        room.join(ws, memberName(RequestTarget.parse(ws.path())).orElseThrow());
        ws.connection().runEvery(properties.pingInterval(), () -> ws.ping(PING));
    }

    @Override
    public Object onMessage(WebSocketConnection ws, MessageType type, byte[] data) {
        if (type == MessageType.TEXT) {
            room.say(ws, new String(data, StandardCharsets.UTF_8));
        } else {
            ws.close(CloseCodes.UNSUPPORTED_DATA, "the chat takes text messages only");
        }
        return null;
    }

    @Override
    public void onClose(WebSocketConnection ws, int code, String reason) {
        room.leave(ws);
    }

    private static Optional<String> memberName(RequestTarget target) {
        return target.parameter("name").map(String::strip).filter(ChatRoom::isValidName);
    }
}
