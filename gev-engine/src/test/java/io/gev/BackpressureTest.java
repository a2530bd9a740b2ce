package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A peer that never reads must cost the server neither memory without bound nor a spinning loop. */
class BackpressureTest {

    private static final int HIGH = 64 * 1024;
    private static final int REPLY = 64 * 1024;

    @Test
    void peerThatNeverReadsPausesReadingAndTheLoopSleeps() throws Exception {
        byte[] reply = new byte[REPLY];
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<Connection> hog = new AtomicReference<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                loopThread.set(Thread.currentThread());
                hog.compareAndSet(null, c);
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return c == hog.get() ? reply : data; // the first client asks for 64 KiB per read; others get echoes
            }
        };
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .writeBufferWatermark(HIGH / 2, HIGH).build();
        server.start();
        try (server; TestClient greedy = TestClient.connect(null, server.port(), 32 * 1024)) {
            await().until(() -> hog.get() != null);
            // write requests until the kernel refuses more: the server must have stopped reading this peer
            ByteBuffer request = ByteBuffer.wrap(new byte[1024]);
            long stalledSince = System.nanoTime();
            while (System.nanoTime() - stalledSince < Duration.ofMillis(500).toNanos()) {
                request.clear();
                if (greedy.channel.write(request) > 0) {
                    stalledSince = System.nanoTime();
                }
                Thread.sleep(1);
            }
            int queued = hog.get().writeBufferLength();
            assertThat(queued).as("queued output is bounded by the high watermark plus one reply")
                    .isBetween(1, HIGH + REPLY);

            try (TestClient other = TestClient.connect(server.port())) {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpuBefore = threads.getThreadCpuTime(loopThread.get().getId());
                long wallBefore = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    other.write("ping" + i);
                    assertThat(other.readString(("ping" + i).length())).isEqualTo("ping" + i);
                    Thread.sleep(100);
                }
                long cpu = threads.getThreadCpuTime(loopThread.get().getId()) - cpuBefore;
                long wall = System.nanoTime() - wallBefore;
                System.out.printf("loop thread CPU while a peer refuses to read: %.1f ms over %.0f ms (%.2f%%)%n",
                        cpu / 1e6, wall / 1e6, 100.0 * cpu / wall);
                assertThat(cpu).as("loop CPU time while a peer refuses to read").isLessThan(wall / 10);
            }
            assertThat(hog.get().writeBufferLength()).isEqualTo(queued);
            assertThat(hog.get().isConnected()).isTrue();
        }
    }
}
