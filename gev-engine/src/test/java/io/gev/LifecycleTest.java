package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting, stopping, server timers and SO_REUSEPORT. */
class LifecycleTest {

    /** The gev threads alive now. */
    static Set<Thread> gevThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gev-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void stopEndsEveryThreadAndClosesEverySocket() throws Exception {
        assertThat(gevThreads()).isEmpty();
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(3).build();
        server.start();
        int port = server.port();
        Set<Thread> running = gevThreads();
        assertThat(running).extracting(Thread::getName).containsExactlyInAnyOrder("gev-acceptor", "gev-loop-0",
                "gev-loop-1", "gev-loop-2", "gev-stall-detector");
        assertThat(running).filteredOn(t -> !t.getName().equals("gev-stall-detector")).allMatch(t -> !t.isDaemon());

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                server.awaitTermination();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        try (TestClient client = TestClient.connect(port)) {
            client.write("hi");
            assertThat(client.readString(2)).isEqualTo("hi");
            assertThat(waiter).isNotDone();
            server.stop();
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(2))).isTrue();
        }
        assertThat(waiter.get()).isTrue();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.connectionCount()).isZero();
        assertThat(gevThreads()).isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.stop(); // idempotent
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopIsBoundedByTheShutdownTimeoutWhenAPeerNeverReads() throws Exception {
        byte[] big = new byte[8 << 20];
        GevServer server = GevServer.builder((c, x, d) -> big).address("127.0.0.1", 0).loops(1)
                .shutdownTimeout(Duration.ofMillis(300)).build();
        server.start();
        try (TestClient stubborn = TestClient.connect(null, server.port(), 16 * 1024)) {
            stubborn.write("go");
            await().until(() -> server.stats().bytesWritten() > 0);
            long start = System.nanoTime();
            server.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            assertThat(gevThreads()).isEmpty();
            assertThat(server.stats().bytesWritten()).isLessThan(big.length);
        }
    }

    @Test
    void serverTimersRunOnLoopsRepeatAndCancel() throws Exception {
        try (GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(2).build()) {
            server.start();
            AtomicReference<String> onceThread = new AtomicReference<>();
            AtomicInteger once = new AtomicInteger();
            long start = System.nanoTime();
            AtomicReference<Long> firedAfter = new AtomicReference<>();
            server.runAfter(Duration.ofMillis(50), () -> {
                onceThread.set(Thread.currentThread().getName());
                firedAfter.set(System.nanoTime() - start);
                once.incrementAndGet();
            });
            AtomicInteger every = new AtomicInteger();
            Timer repeating = server.runEvery(Duration.ofMillis(10), every::incrementAndGet);
            Timer cancelled = server.runAfter(Duration.ofMillis(30), () -> once.addAndGet(100));
            cancelled.cancel();
            assertThat(cancelled.isCancelled()).isTrue();

            await().until(() -> every.get() >= 5 && once.get() >= 1);
            repeating.cancel();
            int stoppedAt = every.get();
            // six periods without a run (one may have been under way when cancel was called)
            await().during(Duration.ofMillis(60)).atMost(Duration.ofSeconds(2))
                    .until(() -> every.get() <= stoppedAt + 1);
            assertThat(once.get()).isEqualTo(1);
            assertThat(firedAfter.get()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(onceThread.get()).startsWith("gev-loop-");
        }
    }

    @Test
    void stopFromAHandlerDoesNotDeadlockItsOwnLoop() throws Exception {
        AtomicReference<GevServer> self = new AtomicReference<>();
        GevServer server = GevServer.builder((c, x, d) -> {
            self.get().stop();
            return d;
        }).address("127.0.0.1", 0).loops(1).build();
        self.set(server);
        server.start();
        try (TestClient client = TestClient.connect(server.port())) {
            client.write("stop");
            assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(client.readToEnd()).isEqualTo("stop".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        await().until(() -> gevThreads().isEmpty());
    }

    @Test
    void awaitTerminationReturnsForAServerStoppedBeforeItStarted() throws Exception {
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).build();
        server.stop();
        assertThat(server.awaitTermination(Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void snapshotsDescribeStateLoopsAndConnections() throws Exception {
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(2).build();
        assertThat(server.state()).isEqualTo(GevServer.State.NEW);
        assertThat(server.loopInfo()).isEmpty();
        server.start();
        try (server; TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            a.write("one");
            assertThat(a.readString(3)).isEqualTo("one");
            b.write("two");
            assertThat(b.readString(3)).isEqualTo("two");
            assertThat(server.state()).isEqualTo(GevServer.State.RUNNING);
            assertThat(server.loopInfo()).extracting(LoopInfo::index, LoopInfo::threadName, LoopInfo::alive,
                            LoopInfo::connections)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "gev-loop-0", true, 1),
                            org.assertj.core.groups.Tuple.tuple(1, "gev-loop-1", true, 1));
            assertThat(server.loopInfo()).allMatch(l -> l.pendingTasks() >= 0);
            List<ConnectionInfo> connections = server.connections(10);
            assertThat(connections).hasSize(2);
            assertThat(connections).extracting(ConnectionInfo::peerAddress)
                    .containsExactlyInAnyOrder(a.channel.getLocalAddress(), b.channel.getLocalAddress());
            assertThat(connections).allMatch(c -> c.writeBufferLength() == 0 && !c.age().isNegative());
            assertThat(server.connections(1)).hasSize(1);
            assertThat(server.stats().messagesSent()).isEqualTo(2);
            assertThat(server.stats().messagesReceived()).isEqualTo(2);
            server.stop(Duration.ofSeconds(1));
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            assertThat(server.loopInfo()).noneMatch(LoopInfo::alive);
            assertThat(server.connections(10)).isEmpty();
        }
    }

    @Test
    void timersNeedARunningServer() {
        GevServer server = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).build();
        assertThatThrownBy(() -> server.runAfter(Duration.ofMillis(1), () -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoServersWithReusePortShareOnePort() throws Exception {
        GevServer first = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1).reusePort(true).build();
        first.start();
        GevServer second = GevServer.builder((c, x, d) -> d).address("127.0.0.1", first.port()).loops(1)
                .reusePort(true).build();
        second.start();
        List<Socket> sockets = new ArrayList<>();
        try (first; second) {
            assertThat(second.port()).isEqualTo(first.port());
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", first.port()));
                s.setSoTimeout(5000);
                s.getOutputStream().write('x');
                assertThat(s.getInputStream().read()).isEqualTo('x');
                sockets.add(s);
            }
            assertThat(first.connectionCount() + second.connectionCount()).isEqualTo(64);
            assertThat(first.connectionCount()).as("first server's share").isPositive();
            assertThat(second.connectionCount()).as("second server's share").isPositive();
            for (Socket s : sockets) {
                s.close(); // before the servers stop, which would otherwise wait for these peers to close
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
