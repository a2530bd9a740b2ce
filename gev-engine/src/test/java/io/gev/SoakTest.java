package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Churn for {@code gev.soak.seconds} (default 120; {@code mvn -Dgev.soak.seconds=1800 ...} for a long run): several
 * client threads connect, exchange a few verified messages of 1 B to 64 KiB and disconnect, gracefully, abruptly (a
 * reset, with a message in flight) or by half-closing first. Proves that churn leaks nothing: every connection the
 * server accepted it closed and told the handler of, no handler failed, and once the server stops the heap, direct
 * memory, file descriptors and threads of this JVM are back to their baseline.
 */
class SoakTest {

    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("gev.soak.seconds", 120));
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final int CLIENT_THREADS = 4;
    private static final long MEMORY_TOLERANCE = 8L << 20;
    private static final int FD_TOLERANCE = 10;

    /** How a client leaves. */
    private enum Ending {
        /** Closes after its last echo. */
        GRACEFUL,
        /** Sends a last message and closes at once with SO_LINGER 0: a reset, the message unanswered. */
        RESET,
        /** Sends a last message, shuts down its output, reads the echo and then the server's end of stream. */
        HALF_CLOSE
    }

    @Test
    void churnLeavesNoHeapDescriptorsOrThreadsBehind() throws Exception {
        assumeTrue(ProcFs.isAvailable(), "needs Linux /proc");
        soak(WARM_UP, new Totals()); // classes loaded, jars opened, code compiled: a fair baseline
        Resources before = Resources.measure();

        Totals totals = new Totals();
        ServerStats stats = soak(DURATION, totals);

        AtomicReference<Resources> after = new AtomicReference<>();
        try {
            await("resources back to the baseline").pollInSameThread().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        after.set(Resources.measure());
                        after.get().assertWithin(before);
                    });
        } finally {
            report(before, after.get(), totals, stats);
        }
    }

    private static void report(Resources before, Resources after, Totals totals, ServerStats stats) {
        System.out.printf("soak: %d s, %d client threads: %s, %d messages, %d bytes echoed; server %s%n",
                DURATION.toSeconds(), CLIENT_THREADS, totals, totals.messages.sum(), totals.bytes.sum(), stats);
        if (after != null) {
            System.out.printf("soak: baseline vs after: heap %.1f vs %.1f MB, direct %.1f vs %.1f MB, fds %d vs %d, "
                    + "threads %d vs %d%n", mb(before.heapUsed), mb(after.heapUsed), mb(before.directUsed),
                    mb(after.directUsed), before.fds, after.fds, before.threads.size(), after.threads.size());
        }
    }

    /** Runs an echo server and churns clients against it for {@code duration}; returns the stopped server's stats. */
    private static ServerStats soak(Duration duration, Totals totals) throws Exception {
        CountingEcho echo = new CountingEcho();
        GevServer server = GevServer.builder(echo).address("127.0.0.1", 0).loops(2).build();
        server.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (server) {
            long deadline = System.nanoTime() + duration.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                Random random = new Random(t);
                running.add(clients.submit(() -> churn(server.port(), deadline, random, totals)));
            }
            for (Future<?> client : running) {
                client.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0 && echo.open() == 0);
            ServerStats stats = server.stats();
            assertThat(stats.connectionsAccepted()).isEqualTo(totals.connections.sum());
            assertThat(stats.connectionsClosed()).isEqualTo(stats.connectionsAccepted());
            assertThat(stats.handlerErrors()).as("handler errors").isZero();
            assertThat(stats.protocolErrors()).as("protocol errors").isZero();
            return stats;
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One client thread: connection after connection until {@code deadline}. */
    private static Void churn(int port, long deadline, Random random, Totals totals) throws IOException {
        while (System.nanoTime() - deadline < 0) {
            try (Socket socket = BlockingClients.connect(port)) {
                totals.connections.increment();
                for (int messages = 1 + random.nextInt(4); messages > 0; messages--) {
                    byte[] payload = randomMessage(random);
                    BlockingClients.echo(socket, payload);
                    totals.count(payload);
                }
                Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
                byte[] last = randomMessage(random);
                leave(socket, ending, last);
                totals.endings[ending.ordinal()].increment();
                if (ending == Ending.HALF_CLOSE) {
                    totals.count(last); // echoed and verified too
                }
            }
        }
        return null;
    }

    private static void leave(Socket socket, Ending ending, byte[] last) throws IOException {
        switch (ending) {
            case GRACEFUL -> socket.close();
            case RESET -> {
                socket.getOutputStream().write(last);
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case HALF_CLOSE -> {
                socket.getOutputStream().write(last);
                socket.shutdownOutput();
                BlockingClients.expect(socket, last);
                assertThat(socket.getInputStream().read()).as("end of stream after a half-close").isEqualTo(-1);
                socket.close();
            }
        }
    }

    /** 1 B to 64 KiB, as many short messages as long ones (a size class is picked first, then a size in it). */
    private static byte[] randomMessage(Random random) {
        return BlockingClients.payload(random, 1 + random.nextInt(1 << random.nextInt(17)));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** What the clients did, summed over their threads. */
    private static final class Totals {
        final LongAdder connections = new LongAdder();
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder[] endings = {new LongAdder(), new LongAdder(), new LongAdder()};

        void count(byte[] message) {
            messages.increment();
            bytes.add(message.length);
        }

        @Override
        public String toString() {
            return connections.sum() + " connections (" + endings[Ending.GRACEFUL.ordinal()].sum() + " graceful, "
                    + endings[Ending.RESET.ordinal()].sum() + " reset, " + endings[Ending.HALF_CLOSE.ordinal()].sum()
                    + " half-closed)";
        }
    }

    /** What this JVM holds: heap in use after full collections, direct buffers, file descriptors, live threads. */
    private record Resources(long heapUsed, long directUsed, int fds, Set<Thread> threads) {

        static Resources measure() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50); // lets the cleaner free what the collection found unreachable (direct buffers)
            }
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
            return new Resources(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), direct,
                    ProcFs.openFileCount(ProcFs.ownPid()), Thread.getAllStackTraces().keySet());
        }

        void assertWithin(Resources baseline) {
            assertThat(heapUsed).as("heap used").isLessThanOrEqualTo(baseline.heapUsed + MEMORY_TOLERANCE);
            assertThat(directUsed).as("direct memory used").isLessThanOrEqualTo(baseline.directUsed + MEMORY_TOLERANCE);
            assertThat(fds).as("open file descriptors").isLessThanOrEqualTo(baseline.fds + FD_TOLERANCE);
            Set<Thread> extra = new HashSet<>(threads);
            extra.removeAll(baseline.threads);
            assertThat(extra).as("threads started since the baseline and still alive").isEmpty();
        }
    }
}
