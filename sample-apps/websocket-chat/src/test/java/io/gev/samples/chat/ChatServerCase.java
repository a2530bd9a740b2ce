package io.gev.samples.chat;

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Tests against the running chat application: its gev port, and an empty room before each test. */
abstract class ChatServerCase {

    @Autowired
    Environment environment;

    @Autowired
    ChatRoom room;

    int port;

    @BeforeEach
    void noMembersLeftFromEarlierTests() {
        port = environment.getRequiredProperty("local.gev.port", Integer.class);
        await().atMost(ChatMember.TIMEOUT).until(() -> room.size() == 0);
    }
}
