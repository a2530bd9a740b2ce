package io.gev.samples.chat;

import io.gev.websocket.SharedFrame;
import io.gev.websocket.WebSocketConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The members of the chat and what they all hear: every line goes to every member, the sender too.
 *
 * <p>Thread safe: members on different event loops join, talk and leave at the same time. A member's own lines reach
 * every other member in the order it said them, because they are all broadcast from its loop thread, and
 * {@link WebSocketConnection#send} keeps the order of the calls of one thread. A line is encoded once, as a
 * {@link SharedFrame}, and that one frame goes to every member.
 */
@Component
public class ChatRoom {

    /** The longest member name, in characters. */
    public static final int MAX_NAME_LENGTH = 32;

    private final Map<WebSocketConnection, String> members = new ConcurrentHashMap<>();

    /** Whether {@code name} may be a member's name: 1 to 32 characters, no control characters, not blank. */
    public static boolean isValidName(String name) {
        return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }

    /** Adds {@code member} as {@code name} and tells everyone, the newcomer too: {@code * alice joined}. */
    public void join(WebSocketConnection member, String name) {
        members.put(member, name);
        broadcast("* " + name + " joined");
    }

    /** Broadcasts {@code text} from {@code member} as {@code alice: text}; ignored if it is no member. */
    public void say(WebSocketConnection member, String text) {
        String name = members.get(member);
        if (name != null) {
            broadcast(name + ": " + text);
        }
    }

    /** Removes {@code member} and tells the others: {@code * alice left}; ignored if it is no member. */
    public void leave(WebSocketConnection member) {
        String name = members.remove(member);
        if (name != null) {
            broadcast("* " + name + " left");
        }
    }

    /** How many members there are now. */
    public int size() {
        return members.size();
    }

    private void broadcast(String line) {
        SharedFrame frame = SharedFrame.text(line);
        for (WebSocketConnection member : members.keySet()) {
            member.send(frame);
        }
    }
}
