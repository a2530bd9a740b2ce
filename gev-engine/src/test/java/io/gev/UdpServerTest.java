package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A UDP server ({@link GevServer#udpBuilder}) driven by {@link DatagramChannel} clients on 127.0.0.1. */
class UdpServerTest {

    private static GevServer.UdpBuilder udp(Handler handler) {
        return GevServer.udpBuilder(handler).address("127.0.0.1", 0).loops(1);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void echoesADatagramToItsSenderAndTheHandlerSeesWhoSentIt() throws Exception {
        AtomicReference<SocketAddress> peer = new AtomicReference<>();
        AtomicReference<SocketAddress> local = new AtomicReference<>();
        try (GevServer server = udp((c, x, d) -> {
            peer.set(c.peerAddress());
            local.set(c.localAddress());
            return d;
        }).build(); DatagramClient client = DatagramClient.open()) {
            server.start();
            assertThat(server.isUdp()).isTrue();
            assertThat(server.port()).isPositive();

            client.send(server.port(), "hello");
            DatagramClient.Received reply = client.receive();

            assertThat(reply.text()).isEqualTo("hello");
            assertThat(reply.sender()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
            assertThat(peer.get()).isEqualTo(client.localAddress());
            assertThat(local.get()).isEqualTo(server.localAddress());
            ServerStats stats = server.stats();
            await().untilAsserted(() -> {
                assertThat(stats.messagesReceived()).isEqualTo(1);
                assertThat(stats.bytesRead()).isEqualTo(5);
                assertThat(stats.messagesSent()).isEqualTo(1);
                assertThat(stats.bytesWritten()).isEqualTo(5);
            });
            assertThat(stats.connectionsAccepted()).isZero();
            assertThat(stats.connectionsClosed()).isZero();
            assertThat(server.connectionCount()).isZero();
            assertThat(server.connections(10)).isEmpty();
        }
    }

    @Test
    void theProtocolPacksRepliesAndIsNeverAskedToUnpack() throws Exception {
        Protocol brackets = new Protocol() {
            @Override
            public Frame unpack(Connection connection, RingBuffer in) {
                throw new AssertionError("a datagram is a message already");
            }

            @Override
            public byte[] pack(Connection connection, Object message) {
                return ("<" + text((byte[]) message) + ">").getBytes(StandardCharsets.UTF_8);
            }
        };
        try (GevServer server = udp((c, x, d) -> d).protocol(brackets).build();
                DatagramClient client = DatagramClient.open()) {
            server.start();
            client.send(server.port(), "a\nb");
            assertThat(client.receiveString()).isEqualTo("<a\nb>");
            client.send(server.port(), new byte[0]); // an empty datagram is an empty message
            assertThat(client.receiveString()).isEqualTo("<>");
            assertThat(server.stats().protocolErrors()).isZero();
        }
    }

    @Test
    void repliesToTwoSendersGoToTheRightOne() throws Exception {
        try (GevServer server = udp((c, x, d) -> "re:" + text(d)).build();
                DatagramClient alice = DatagramClient.open(); DatagramClient bob = DatagramClient.open()) {
            server.start();
            for (int i = 0; i < 20; i++) {
                alice.send(server.port(), "alice " + i);
                bob.send(server.port(), "bob " + i);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(alice.receiveString()).isEqualTo("re:alice " + i);
                assertThat(bob.receiveString()).isEqualTo("re:bob " + i);
            }
            assertThat(alice.receive(Duration.ofMillis(100))).isNull();
            assertThat(bob.receive(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void theSenderIsAConnectionLessConnectionThatOtherThreadsAndTimersCanSendTo() throws Exception {
        CompletableFuture<Connection> first = new CompletableFuture<>();
        AtomicReference<String> timerThread = new AtomicReference<>();
        try (GevServer server = udp((c, x, d) -> {
            switch (text(d)) {
                case "hello" -> {
                    c.close();          // nothing to close: the sender stays served
                    c.shutdownWrite();
                    first.complete(c);
                    return "first";
                }
                case "later" -> {
                    c.runAfter(Duration.ofMillis(20), () -> {
                        timerThread.set(Thread.currentThread().getName());
                        c.send("timer");
                    });
                    return null;
                }
                case "state" -> {
                    c.setContext("per-peer state"); // refused: counted as a handler error, no reply
                    return "unreachable";
                }
                default -> {
                    return d;
                }
            }
        }).build(); DatagramClient client = DatagramClient.open()) {
            server.start();
            client.send(server.port(), "hello");
            assertThat(client.receiveString()).isEqualTo("first");

            Connection peer = first.get();
            assertThat(peer.peerAddress()).isEqualTo(client.localAddress());
            assertThat(peer.isConnected()).isTrue();
            assertThat(peer.isWritable()).isTrue();
            assertThat(peer.context()).isNull();
            assertThat(peer.readBufferLength()).isZero();
            assertThat(peer.writeBufferLength()).isZero();
            assertThat(peer.sslSession()).isNull();
            CompletableFuture<String> flushedOn = new CompletableFuture<>();
            peer.send("pushed", () -> flushedOn.complete(Thread.currentThread().getName()));
            assertThat(client.receiveString()).isEqualTo("pushed");
            assertThat(flushedOn.get()).startsWith("gev-loop-");

            client.send(server.port(), "later");
            assertThat(client.receiveString()).isEqualTo("timer");
            assertThat(timerThread.get()).startsWith("gev-loop-");

            client.send(server.port(), "state");
            client.send(server.port(), "after");
            assertThat(client.receiveString()).isEqualTo("after");
            assertThat(server.stats().handlerErrors()).isEqualTo(1);
        }
        assertThat(first.get().isConnected()).isFalse();
    }

    @Test
    void aSenderThatWentAwayCostsNothingButTheRepliesSentToIt() throws Exception {
        CompletableFuture<Connection> gone = new CompletableFuture<>();
        try (GevServer server = udp((c, x, d) -> {
            if (text(d).equals("bye")) {
                gone.complete(c);
                return null;
            }
            return d;
        }).build(); DatagramClient stays = DatagramClient.open()) {
            server.start();
            try (DatagramClient leaves = DatagramClient.open()) {
                leaves.send(server.port(), "bye");
            }
            Connection peer = gone.get();
            for (int i = 0; i < 3; i++) {
                peer.send("to nobody " + i); // its port is closed: the kernel answers with ICMP port unreachable
            }
            await().until(() -> server.stats().messagesSent() == 3);
            stays.send(server.port(), "still there?");
            assertThat(stays.receiveString()).isEqualTo("still there?");
            assertThat(server.stats().handlerErrors()).isZero();
        }
    }

    @Test
    void aDatagramOverTheMaximumIsDroppedAndCountedWhileOthersAreServed() throws Exception {
        try (GevServer server = udp((c, x, d) -> "got " + d.length).maxDatagramSize(100).build();
                DatagramClient client = DatagramClient.open()) {
            server.start();
            client.send(server.port(), new byte[100]);
            client.send(server.port(), new byte[101]);
            client.send(server.port(), new byte[60_000]);
            client.send(server.port(), new byte[7]);

            assertThat(client.receiveString()).isEqualTo("got 100");
            assertThat(client.receiveString()).isEqualTo("got 7"); // so the two between were dropped, not served
            ServerStats stats = server.stats();
            assertThat(stats.datagramsDropped()).isEqualTo(2);
            assertThat(stats.messagesReceived()).isEqualTo(2);
            assertThat(stats.bytesRead()).isEqualTo(107);
        }
    }

    @Test
    void twoLoopsEachBindTheirOwnSocketToOnePortAndServeManySenders() throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        GevServer server = udp((c, x, d) -> {
            loops.add(Thread.currentThread().getName());
            return d;
        }).loops(2).build();
        server.start();
        int port = server.port();
        List<DatagramClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                clients.add(DatagramClient.open());
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send(port, "sender " + i);
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(clients.get(i).receiveString()).isEqualTo("sender " + i);
            }
            // the kernel spreads senders over both sockets by their address: 50 senders all on one would be 2^-49
            assertThat(loops).containsExactlyInAnyOrder("gev-loop-0", "gev-loop-1");
            try (DatagramChannel intruder = DatagramChannel.open()) {
                assertThatThrownBy(() -> intruder.bind(new InetSocketAddress("127.0.0.1", port)))
                        .isInstanceOf(BindException.class);
            }
        } finally {
            for (DatagramClient c : clients) {
                c.close();
            }
            server.stop();
        }
        assertThat(LifecycleTest.gevThreads()).isEmpty();
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(new InetSocketAddress("127.0.0.1", port)); // both sockets are closed
        }
    }

    @Test
    void stopEndsTheLoopsAndFreesThePort() throws Exception {
        GevServer server = udp((c, x, d) -> d).build();
        server.start();
        int port = server.port();
        assertThat(LifecycleTest.gevThreads()).extracting(Thread::getName)
                .containsExactlyInAnyOrder("gev-loop-0", "gev-stall-detector");
        try (DatagramClient client = DatagramClient.open()) {
            client.send(port, "ping");
            assertThat(client.receiveString()).isEqualTo("ping");
            server.stop();
            assertThat(server.awaitTermination(Duration.ofSeconds(1))).isTrue();
            assertThat(LifecycleTest.gevThreads()).isEmpty();
        }
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void aStreamHandlerAndADatagramSizeOutOfRangeAreRefusedAtBuild() {
        StreamHandler stream = (c, in, out) -> out.write(in);
        assertThatThrownBy(() -> GevServer.udpBuilder(stream).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StreamHandler");
        assertThatThrownBy(() -> udp((c, x, d) -> d).maxDatagramSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> udp((c, x, d) -> d).maxDatagramSize(65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 65535");
    }

    /**
     * 10,000 datagrams of 64 bytes sent back to back, echoed. UDP may lose datagrams, and this test reports how many it
     * lost rather than pretending it lost none. What it does assert: every reply that arrived is one that was sent,
     * intact and once; and most arrived. Loopback loses nothing in flight, only when a socket's receive queue is full,
     * and with 4 MiB buffers at both ends (the kernel allows up to net.core.rmem_max, 4 MiB here) either queue holds
     * thousands of these datagrams, so losing half would mean the server stopped serving, not that UDP is lossy.
     */
    @Test
    void aBurstOfTenThousandDatagramsIsServedAndItsLossReported() throws Exception {
        int count = 10_000;
        int size = 64;
        int buffers = 4 << 20;
        try (GevServer server = udp((c, x, d) -> d).receiveBufferSize(buffers).sendBufferSize(buffers).build();
                DatagramClient client = DatagramClient.open(buffers)) {
            server.start();
            BitSet seen = new BitSet(count);
            AtomicInteger arrived = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            AtomicLong lastArrival = new AtomicLong(System.nanoTime());
            Thread receiver = new Thread(() -> {
                try {
                    while (arrived.get() < count && !Thread.currentThread().isInterrupted()) {
                        DatagramClient.Received r = client.receive(Duration.ofMillis(50));
                        if (r == null) {
                            continue;
                        }
                        lastArrival.set(System.nanoTime());
                        long seq = r.data().length == size ? ByteBuffer.wrap(r.data()).getLong() : -1;
                        if (seq < 0 || seq >= count || !ByteBuffer.wrap(payload(seq, size)).equals(ByteBuffer.wrap(r.data()))) {
                            wrong.incrementAndGet();
                        } else if (seen.get((int) seq)) {
                            duplicates.incrementAndGet();
                        } else {
                            seen.set((int) seq);
                            arrived.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    wrong.incrementAndGet();
                }
            }, "udp-burst-receiver");
            receiver.start();

            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                client.send(server.port(), payload(i, size));
            }
            long sentNanos = System.nanoTime() - start;
            lastArrival.set(System.nanoTime());
            await().atMost(Duration.ofSeconds(30)).until(() -> arrived.get() == count
                    || System.nanoTime() - lastArrival.get() > Duration.ofSeconds(1).toNanos());
            receiver.interrupt();
            receiver.join();

            ServerStats stats = server.stats();
            int lost = count - arrived.get();
            System.out.printf("UDP burst: %,d datagrams of %d B sent in %.1f ms; %,d replies arrived, %,d lost (%.2f %%):"
                            + " the server received %,d and sent %,d (datagramsDropped %d)%n", count, size,
                    sentNanos / 1e6, arrived.get(), lost, 100.0 * lost / count, stats.messagesReceived(),
                    stats.messagesSent(), stats.datagramsDropped());
            assertThat(wrong.get()).isZero();
            assertThat(duplicates.get()).isZero();
            assertThat(stats.messagesReceived()).isLessThanOrEqualTo(count);
            assertThat(stats.messagesSent()).isLessThanOrEqualTo(stats.messagesReceived());
            assertThat((long) arrived.get()).isLessThanOrEqualTo(stats.messagesSent());
            assertThat(arrived.get()).isGreaterThan(count / 2);
        }
    }

    /** Datagram {@code seq} of the burst: its number, then bytes that depend on it. */
    private static byte[] payload(long seq, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).putLong(seq);
        while (b.hasRemaining()) {
            b.put((byte) (seq * 31 + b.position()));
        }
        return b.array();
    }
}
