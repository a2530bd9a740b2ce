package io.gev.samples.chat;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the room shares with the other instances of the chat. Thread safe; no method blocks (they are called on event
 * loop threads), and the lines one thread shares leave this instance in the order it shared them.
 */
interface ChatCluster {

    /** Tells the other instances {@code line}, which this instance's members have already been given. */
    void share(String line);

    /** Lists {@code member} in the cluster's room. */
    void joined(RoomMember member);

    /** Takes {@code member} off the cluster's room. */
    void left(RoomMember member);

    /**
     * The names of the whole room, sorted, or of {@code local} (this instance's members) when the cluster cannot be
     * asked. Completes on some other thread.
     */
    CompletionStage<Names> names(Collection<RoomMember> local);

    /**
     * The names of the members of a room: at most {@value #MAX_LISTED} of them, so that the answer to {@code /who}
     * stays a line whatever the size of the room.
     *
     * @param names    sorted
     * @param unlisted the members not in {@code names}
     * @param complete false when only this instance's members could be listed
     */
    record Names(List<String> names, long unlisted, boolean complete) {

        /** The most names listed. */
        static final int MAX_LISTED = 100;

        /** The first {@value #MAX_LISTED} of {@code names}, sorted, and how many others there are. */
        static Names of(Collection<String> names, long total, boolean complete) {
            List<String> listed = names.stream().limit(MAX_LISTED).sorted().toList();
            return new Names(listed, total - listed.size(), complete);
        }

        static Names local(Collection<RoomMember> members) {
            return of(members.stream().map(RoomMember::name).toList(), members.size(), false);
        }
    }
}
