package io.gev.samples.chat;

import io.gev.websocket.SharedFrame;
import io.gev.websocket.WebSocketConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The members of the chat and what they all hear: every line goes to every member, the sender too, and through the
 * {@link ChatCluster} to the members on the other instances.
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
    /** The line that asks who is in the room; the answer goes to the asker only. */
    public static final String WHO = "/who";

    private final Map<WebSocketConnection, RoomMember> members = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ChatCluster cluster;

    ChatRoom(ChatCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Whether {@code name} may be a member's name: 1 to 32 characters, not blank, no control characters, no line or
     * paragraph separator and no bidirectional override, embedding or isolate (which would reorder the rest of every
     * line that shows the name).
     */
    public static boolean isValidName(String name) {
        return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(ChatRoom::isForbidden);
    }

    private static boolean isForbidden(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069';
    }

    /**
     * Adds {@code member} as {@code name} and tells everyone, the newcomer too: {@code * alice joined}. Thread safe.
     */
    public void join(WebSocketConnection member, String name) {
        RoomMember joined = new RoomMember(ids.incrementAndGet(), name);
        members.put(member, joined);
        cluster.joined(joined);
        share("* " + name + " joined");
    }

    /**
     * Broadcasts {@code text} from {@code member} as {@code alice: text}, or answers {@value #WHO} with the names of
     * the whole room ({@code * in the room: alice, bob}) to {@code member} alone; ignored if it is no member.
     * Thread safe.
     */
    public void say(WebSocketConnection member, String text) {
        RoomMember speaker = members.get(member);
        if (speaker == null) {
            return;
        }
        if (text.equals(WHO)) {
            cluster.names(List.copyOf(members.values())).thenAccept(names -> member.sendText(whoLine(names)));
        } else {
            share(speaker.name() + ": " + text);
        }
    }

    /** Removes {@code member} and tells the others: {@code * alice left}; ignored if it is no member. Thread safe. */
    public void leave(WebSocketConnection member) {
        RoomMember left = members.remove(member);
        if (left != null) {
            cluster.left(left);
            share("* " + left.name() + " left");
        }
    }

    /** Gives this instance's members {@code line}, which came from another instance. Thread safe. */
    void deliver(String line) {
        SharedFrame frame = SharedFrame.text(line);
        for (WebSocketConnection member : members.keySet()) {
            member.send(frame);
        }
    }

    /** How many members there are on this instance now. Thread safe. */
    public int size() {
        return members.size();
    }

    private void share(String line) {
        deliver(line);
        cluster.share(line);
    }

    private static String whoLine(ChatCluster.Names names) {
        return (names.complete() ? "* in the room: " : "* in the room on this instance (the cluster is unreachable): ")
                + String.join(", ", names.names())
                + (names.unlisted() > 0 ? " and " + names.unlisted() + " more" : "");
    }
}
