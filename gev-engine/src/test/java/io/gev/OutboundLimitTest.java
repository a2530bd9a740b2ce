package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The outbound limit, its two policies, and writability: a server that pushes must not be held hostage by readers. */
class OutboundLimitTest {

    private static final int CHUNK = 16 * 1024;
    private static final int MAX = 1024 * 1024;

    /**
     * Pushes a chunk every millisecond to every connection that subscribed (sent "S"), blind to whether they read;
     * echoes anything else.
     */
    private static final class BlindPusher implements Handler {
        final Set<Connection> connections = ConcurrentHashMap.newKeySet();
        final byte[] chunk = new byte[CHUNK];
        final AtomicReference<Thread> loop = new AtomicReference<>();

        @Override
        public void onConnect(Connection c) {
            loop.set(Thread.currentThread());
        }

        @Override
        public Object onMessage(Connection c, Object ctx, byte[] data) {
            if (data[0] == 'S') {
                connections.add(c);
                return null;
            }
            return data;
        }

        @Override
        public void onClose(Connection c) {
            connections.remove(c);
        }
    }

    @Test
    void peersThatNeverReadAreClosedAtTheLimitWhileOthersKeepTheirLatency() throws Exception {
        BlindPusher pusher = new BlindPusher();
        GevServer server = GevServer.builder(pusher).address("127.0.0.1", 0).loops(1)
                .maxOutboundBytes(MAX, OverflowPolicy.CLOSE).build();
        server.start();
        int hogs = 50;
        List<TestClient> clients = new ArrayList<>();
        try (server) {
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < hogs; i++) {
                TestClient hog = TestClient.connect(null, server.port(), 16 * 1024);
                clients.add(hog);
                hog.write("S");
            }
            await().until(() -> pusher.connections.size() == hogs);
            Timer push = server.runEvery(Duration.ofMillis(1), () -> pusher.connections.forEach(c -> c.send(pusher.chunk)));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getThreadCpuTime(pusher.loop.get().getId());
            long wallBefore = System.nanoTime();
            long peakHeap = 0;
            long worstEchoNanos = 0;
            int rounds = 0;
            try (TestClient reader = TestClient.connect(server.port())) {
                while (server.stats().outboundOverflows() < hogs && System.nanoTime() - wallBefore < 20e9) {
                    long sent = System.nanoTime();
                    reader.write("ping");
                    assertThat(reader.readString(4)).isEqualTo("ping");
                    worstEchoNanos = Math.max(worstEchoNanos, System.nanoTime() - sent);
                    if (++rounds % 200 == 0) {
                        peakHeap = Math.max(peakHeap, usedHeapAfterGc());
                    }
                }
            }
            push.cancel();
            long cpu = threads.getThreadCpuTime(pusher.loop.get().getId()) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            System.out.printf("outbound limit: %d non-reading peers closed in %d ms; heap peak +%d MB (cap %d MB x %d);"
                            + " loop CPU %.0f%%; worst echo %.1f ms%n", server.stats().outboundOverflows(), wall / 1_000_000,
                    (peakHeap - heapBefore) >> 20, MAX >> 20, hogs, 100.0 * cpu / wall, worstEchoNanos / 1e6);
            assertThat(server.stats().outboundOverflows()).isEqualTo(hogs);
            // a queue grows its store to the next power of two, so a connection holds at most twice the limit
            assertThat(peakHeap - heapBefore).isLessThan(2L * MAX * hogs + (32L << 20));
            for (TestClient hog : clients) {
                assertThat(hog.awaitEndOfStream(TestClient.TIMEOUT)).isTrue();
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void pauseReadKeepsTheConnectionAndItsOutput() throws Exception {
        byte[] reply = new byte[256 * 1024];
        Arrays.fill(reply, (byte) 'r');
        Handler oneReplyPerByte = (c, ctx, data) -> {
            for (int i = 0; i < data.length; i++) {
                c.send(reply);
            }
            return null;
        };
        GevServer server = GevServer.builder(oneReplyPerByte).address("127.0.0.1", 0).loops(1)
                .maxOutboundBytes(MAX, OverflowPolicy.PAUSE_READ).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 16 * 1024)) {
            int requests = 64; // 16 MiB of replies, sixteen times the limit and more than the kernel buffers hold
            client.write(new byte[requests]);
            await().until(() -> server.connections(1).get(0).writeBufferLength() > MAX); // past the limit, yet open
            assertThat(server.connectionCount()).isEqualTo(1);
            long received = 0;
            while (received < (long) requests * reply.length) {
                received += client.readExactly(reply.length).length;
            }
            assertThat(server.stats().outboundOverflows()).isZero();
        }
    }

    @Test
    void aProducerThatFollowsWritabilityNeverOverrunsTheHighWatermark() throws Exception {
        int high = 64 * 1024;
        long total = 8L * 1024 * 1024;
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        AtomicLong peakQueued = new AtomicLong();
        Handler producer = new Handler() {
            long produced;

            @Override
            public void onConnect(Connection c) {
                produce(c);
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return null;
            }

            @Override
            public void onWritabilityChanged(Connection c, boolean writable) {
                changes.add(writable);
                if (writable) {
                    produce(c);
                }
            }

            private void produce(Connection c) {
                while (c.isWritable() && produced < total) {
                    c.send(new byte[CHUNK]);
                    produced += CHUNK;
                    peakQueued.accumulateAndGet(c.writeBufferLength(), Math::max);
                }
            }
        };
        GevServer server = GevServer.builder(producer).address("127.0.0.1", 0).loops(1)
                .writeBufferWatermark(high / 2, high).build();
        server.start();
        try (server; TestClient client = TestClient.connect(null, server.port(), 16 * 1024)) {
            long received = 0;
            while (received < total) {
                received += client.readExactly(CHUNK).length;
                if (received % (1024 * 1024) == 0) {
                    TestClient.sleepQuietly(20); // a slow reader, so that the producer must wait
                }
            }
            assertThat(received).isEqualTo(total);
            assertThat(changes).contains(false, true);
            assertThat(changes.get(0)).isFalse();
            assertThat(peakQueued.get()).isLessThanOrEqualTo(high + CHUNK);
            System.out.printf("writability: %d changes, peak queue %d KiB for a %d KiB high watermark%n",
                    changes.size(), peakQueued.get() / 1024, high / 1024);
        }
    }

    @Test
    void aLimitBelowTheHighWatermarkIsRefused() {
        GevServer.Builder builder = GevServer.builder((c, ctx, d) -> d).writeBufferWatermark(1024, 64 * 1024)
                .maxOutboundBytes(4096, OverflowPolicy.CLOSE);
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("high watermark");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return usedHeap();
    }
}
