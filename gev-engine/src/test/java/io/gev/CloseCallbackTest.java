package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Handler#onClose} when many peers vanish at once and the handler tells everyone left of each close, as a chat
 * room does: the sends find the other dead peers, closing them, and their {@code onClose} must not run inside the
 * first one's (one call deeper per dead peer overflowed the stack when 2,800 chat members left together).
 */
class CloseCallbackTest {

    private static final int DEAD = 300;
    private static final byte[] BYE = "bye;".getBytes(StandardCharsets.US_ASCII);

    /** Members of one room on one loop: each close is told to every member left. */
    private static final class Room implements Handler {
        final Set<Connection> members = new LinkedHashSet<>();
        final AtomicInteger joined = new AtomicInteger();
        final AtomicInteger left = new AtomicInteger();
        final AtomicInteger deepest = new AtomicInteger();
        private int depth;

        @Override
        public void onConnect(Connection c) {
            members.add(c);
            joined.incrementAndGet();
        }

        @Override
        public Object onMessage(Connection c, Object context, byte[] data) {
            return null;
        }

        @Override
        public void onClose(Connection c) {
            depth++;
            deepest.accumulateAndGet(depth, Math::max);
            members.remove(c);
            for (Connection member : List.copyOf(members)) {
                member.send(BYE);
            }
            left.incrementAndGet();
            depth--;
        }
    }

    @Test
    void closesFoundBySendsInsideOnCloseAreToldAfterItOneAtATime() throws Exception {
        Room room = new Room();
        GevServer server = GevServer.builder(room).address("127.0.0.1", 0).loops(1).build();
        server.start();
        List<Socket> dead = new ArrayList<>();
        try (server; TestClient survivor = TestClient.connect(server.port())) {
            for (int i = 0; i < DEAD; i++) {
                dead.add(BlockingClients.connect(server.port()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> room.joined.get() == DEAD + 1);
            // hold the loop while every peer but one resets its connection, so that the loop finds them all at once
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.runAfter(Duration.ZERO, () -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            for (Socket socket : dead) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            release.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> room.left.get() == DEAD);
            assertThat(room.deepest).as("onClose calls running one inside another").hasValue(1);
            // the survivor heard of every close, once each
            assertThat(survivor.readExactly(DEAD * BYE.length))
                    .isEqualTo(new String(BYE, StandardCharsets.US_ASCII).repeat(DEAD)
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }
}
