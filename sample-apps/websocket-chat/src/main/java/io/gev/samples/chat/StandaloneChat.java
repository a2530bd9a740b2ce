package io.gev.samples.chat;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** No cluster: the room is this instance's members ({@code chat.cluster.enabled=false}, the default). */
final class StandaloneChat implements ChatCluster {

    @Override
    public void share(String line) {
        // nobody else to tell
    }

    @Override
    public void joined(RoomMember member) {
        // the room is ChatRoom's own member set
    }

    @Override
    public void left(RoomMember member) {
        // the room is ChatRoom's own member set
    }

    @Override
    public CompletionStage<Names> names(Collection<RoomMember> local) {
        return CompletableFuture.completedFuture(Names.of(local.stream().map(RoomMember::name).toList(), local.size(),
                true));
    }
}
