package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The {@link Connection} contract, driven by real sockets. */
class ConnectionTest {

    /** A handler built from lambdas, remembering the last connection. */
    static final class Recorder implements Handler {
        final AtomicReference<Connection> connection = new AtomicReference<>();
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private final java.util.function.BiFunction<Connection, String, Object> onMessage;

        Recorder(java.util.function.BiFunction<Connection, String, Object> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onConnect(Connection c) {
            connection.set(c);
        }

        @Override
        public Object onMessage(Connection c, Object ctx, byte[] data) {
            String text = new String(data, StandardCharsets.UTF_8);
            received.add(text);
            return onMessage.apply(c, text);
        }

        @Override
        public void onClose(Connection c) {
            closed.countDown();
        }

        Connection awaitConnection() {
            await().until(() -> connection.get() != null);
            return connection.get();
        }
    }

    /** Sends "go" and waits until the server has output queued that the small socket buffers could not take. */
    private static Connection askForMoreThanTheSocketsHold(TestClient client, Recorder handler) throws Exception {
        client.write("go");
        Connection conn = handler.awaitConnection();
        await().until(() -> conn.writeBufferLength() > 0);
        return conn;
    }

    private static GevServer start(Handler handler) {
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(2).build();
        server.start();
        return server;
    }

    @Test
    void sendsFromForeignThreadsKeepPerThreadOrder() throws Exception {
        int threads = 4;
        int perThread = 5000;
        Recorder handler = new Recorder((c, text) -> null);
        try (GevServer server = start(handler); TestClient client = TestClient.connect(server.port())) {
            Connection conn = handler.awaitConnection();
            Thread[] senders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders[t] = new Thread(() -> {
                    for (int seq = 0; seq < perThread; seq++) {
                        conn.send(ByteBuffer.allocate(8).putInt(id).putInt(seq).array());
                    }
                }, "sender-" + t);
                senders[t].start();
            }
            ByteBuffer all = ByteBuffer.wrap(client.readExactly(threads * perThread * 8));
            int[] next = new int[threads];
            while (all.hasRemaining()) {
                int id = all.getInt();
                int seq = all.getInt();
                assertThat(seq).as("sequence of sender %d", id).isEqualTo(next[id]);
                next[id]++;
            }
            assertThat(next).containsOnly(perThread);
            for (Thread t : senders) {
                t.join();
            }
        }
    }

    @Test
    void onFlushedRunsOnlyOnceTheBytesAreOnTheWire() throws Exception {
        byte[] payload = new byte[4 << 20];
        new Random(5).nextBytes(payload);
        AtomicBoolean flushed = new AtomicBoolean();
        AtomicLong queuedWhenFlushed = new AtomicLong(-1);
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        Recorder handler = new Recorder((c, text) -> {
            c.send(payload, () -> {
                queuedWhenFlushed.set(c.writeBufferLength());
                callbackThread.set(Thread.currentThread());
                flushed.set(true);
            });
            return null;
        });
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).sendBufferSize(16 * 1024).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 16 * 1024)) {
            Connection conn = askForMoreThanTheSocketsHold(client, handler);
            // the client has read nothing, so most of the payload is still queued: the callback must wait
            assertThat(flushed).isFalse();
            byte[] got = client.readExactly(payload.length);
            assertThat(got).isEqualTo(payload);
            await().untilTrue(flushed);
            assertThat(queuedWhenFlushed.get()).isZero();
            assertThat(callbackThread.get().getName()).startsWith("gev-loop-");
        }
    }

    @Test
    void shutdownWriteGivesThePeerEndOfStreamWhileTheServerStillReads() throws Exception {
        Recorder handler = new Recorder((c, text) -> {
            if (text.equals("bye")) {
                c.send("ok");
                c.shutdownWrite();
            }
            return null;
        });
        try (GevServer server = start(handler); TestClient client = TestClient.connect(server.port())) {
            client.write("bye");
            assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("ok");
            client.write("still here");
            await().until(() -> handler.received.contains("still here"));
            assertThat(handler.connection.get().isConnected()).isTrue();
            client.channel.shutdownOutput();
            assertThat(handler.closed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeDeliversQueuedOutputFirst() throws Exception {
        byte[] payload = new byte[4 << 20];
        new Random(6).nextBytes(payload);
        Recorder handler = new Recorder((c, text) -> {
            c.send(payload);
            c.close();
            return null;
        });
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).sendBufferSize(16 * 1024).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 16 * 1024)) {
            Connection conn = askForMoreThanTheSocketsHold(client, handler);
            assertThat(conn.isConnected()).isTrue();
            assertThat(client.readToEnd()).isEqualTo(payload);
            assertThat(handler.closed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(conn.isConnected()).isFalse();
        }
    }

    @Test
    void closingWhileThePeerKeepsSendingDeliversEveryWrittenByteThenEndOfStream() throws Exception {
        // Closing a socket with unread input makes the kernel reset it, destroying replies the peer has not read.
        GevServer server = GevServer.builder((c, ctx, data) -> data).address("127.0.0.1", 0).loops(1).build();
        server.start();
        try (java.net.Socket peer = new java.net.Socket("127.0.0.1", server.port())) {
            peer.setSoTimeout(10_000);
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[4096];
                try {
                    while (writing.get()) {
                        peer.getOutputStream().write(chunk);
                    }
                } catch (java.io.IOException expected) {
                    // the server stops reading and closes; writes fail or block until then
                }
            });
            writer.start();
            java.io.InputStream in = peer.getInputStream();
            byte[] buf = new byte[65536];
            long received = 0;
            while (received < (8 << 20)) {
                received += in.read(buf);
            }
            Thread stopper = new Thread(server::stop);
            stopper.start();
            int n;
            while ((n = in.read(buf)) >= 0) { // a reset would throw here
                received += n;
            }
            writing.set(false);
            peer.close(); // what a client does at end of stream: the server's lingering close ends with it
            stopper.join(5_000);
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            assertThat(received).isEqualTo(server.stats().bytesWritten());
            assertThat(server.stats().bytesWritten()).isEqualTo(server.stats().bytesRead());
            writer.join(5_000);
        }
    }

    @Test
    void idleTimeoutClosesAnIdleConnectionAndLeavesAnActiveOneAlone() throws Exception {
        GevServer server = GevServer.builder((c, ctx, data) -> data).address("127.0.0.1", 0).loops(1)
                .idleTimeout(Duration.ofMillis(400)).timerTick(Duration.ofMillis(10)).timerWheelSize(16).build();
        server.start();
        try (server; TestClient idle = TestClient.connect(server.port());
             TestClient active = TestClient.connect(server.port())) {
            long start = System.nanoTime();
            for (int i = 0; i < 12; i++) {
                active.write("x");
                assertThat(active.readString(1)).isEqualTo("x");
                Thread.sleep(100);
            }
            // 1.2 s have passed: three idle timeouts for the idle client, none for the active one
            assertThat(idle.awaitEndOfStream(Duration.ofSeconds(1))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            active.write("y");
            assertThat(active.readString(1)).isEqualTo("y");
            idle.close();
            await().until(() -> server.connectionCount() == 1);
        }
    }

    @Test
    void connectionTimersFireRepeatCancelAndStopWhenTheConnectionCloses() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<Timer> forever = new AtomicReference<>();
        AtomicReference<Thread> timerThread = new AtomicReference<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                c.runAfter(Duration.ofMillis(80), () -> c.send("once;"));
                AtomicInteger count = new AtomicInteger();
                AtomicReference<Timer> self = new AtomicReference<>();
                self.set(c.runEvery(Duration.ofMillis(10), () -> {
                    c.send("every" + count.incrementAndGet() + ";");
                    if (count.get() == 3) {
                        self.get().cancel();
                    }
                }));
                Timer cancelled = c.runAfter(Duration.ofMillis(20), () -> c.send("never;"));
                cancelled.cancel();
                forever.set(c.runEvery(Duration.ofMillis(5), () -> {
                    timerThread.set(Thread.currentThread());
                    ticks.incrementAndGet();
                }));
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return null;
            }
        };
        try (GevServer server = start(handler)) {
            TestClient client = TestClient.connect(server.port());
            String expected = "every1;every2;every3;once;";
            assertThat(client.readString(expected.length())).isEqualTo(expected);
            assertThat(client.awaitEndOfStream(Duration.ofMillis(100))).isFalse(); // nothing else arrives: "never" did not
            await().until(() -> ticks.get() > 5);
            assertThat(timerThread.get().getName()).startsWith("gev-loop-");
            client.close();
            await().until(() -> forever.get().isCancelled());
            int after = ticks.get();
            // ten periods of the 5 ms timer without a run
            await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(2)).until(() -> ticks.get() == after);
        }
    }
}
