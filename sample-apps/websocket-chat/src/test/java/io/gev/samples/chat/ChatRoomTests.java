package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;

/** The room over real WebSockets: members on the JDK client join, talk at the same time and leave. */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1" })
@Timeout(60)
class ChatRoomTests extends ChatServerCase {

    static final int MESSAGES_PER_MEMBER = 50;

    @Test
    void everyMemberHearsEveryLineAndEachSendersLinesInTheOrderSent() {
        try (ChatMember alice = ChatMember.join(port, "alice");
                ChatMember bob = ChatMember.join(port, "bob");
                ChatMember carol = ChatMember.join(port, "carol")) {
            List<ChatMember> members = List.of(alice, bob, carol);
            alice.awaitHeard("* bob joined");
            alice.awaitHeard("* carol joined");
            bob.awaitHeard("* carol joined");

            ChatMember.sayAtOnce(members, MESSAGES_PER_MEMBER);

            int expected = members.size() * MESSAGES_PER_MEMBER;
            for (ChatMember listener : members) {
                await().atMost(ChatMember.TIMEOUT).until(() -> listener.chatLines().size() >= expected);
                assertThat(listener.chatLines()).as("what %s heard", listener.name).hasSize(expected);
                members.forEach(sender -> listener.assertHeardInOrder(sender, MESSAGES_PER_MEMBER));
            }
        }
    }

    @Test
    void aMemberWhoLeavesIsAnnouncedToTheOthers() throws Exception {
        try (ChatMember alice = ChatMember.join(port, "alice")) {
            ChatMember bob = ChatMember.join(port, "bob");
            alice.awaitHeard("* bob joined");
            assertThat(room.size()).isEqualTo(2);

            bob.close();
            assertThat(bob.closed().get()).isEqualTo(1000);
            alice.awaitHeard("* bob left");
            assertThat(room.size()).isEqualTo(1);
            assertThat(bob.heard()).doesNotContain("* bob left");

            alice.say("anyone here?");
            alice.awaitHeard("alice: anyone here?");
        }
    }

    @Test
    void namesArePercentDecoded() {
        try (ChatMember member = ChatMember.join(port, "Zoë Ödegaard & co")) {
            member.say("hej");
            member.awaitHeard("Zoë Ödegaard & co: hej");
        }
    }
}
