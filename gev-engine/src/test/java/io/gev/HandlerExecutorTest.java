package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gev.codec.DelimiterProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handlers on an executor: blocking handlers, per-connection order, back-pressure, draining and faults. */
class HandlerExecutorTest {

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-handler");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void shutdownExecutor() {
        executor.shutdownNow();
    }

    private GevServer start(Handler handler, int maxPending) {
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1)
                .protocol(DelimiterProtocol.lines(1024, false)).handlerExecutor(executor).maxPendingPerConnection(maxPending)
                .build();
        server.start();
        return server;
    }

    private static Socket connect(GevServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void writeLines(Socket socket, String... lines) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps 50 ms on "slow ..." lines (a blocking call), answers "ping" at once; replies name the line. */
    private static final Handler SLOW = (c, ctx, data) -> {
        String line = new String(data, StandardCharsets.US_ASCII);
        if (line.startsWith("slow")) {
            sleep(50);
        }
        return "done " + line;
    };

    @Test
    void twoHundredConnectionsOfASlowHandlerRunInParallelEachInOrder() throws Exception {
        int connections = 200;
        int perConnection = 3;
        try (GevServer server = start(SLOW, 1024)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    sockets.add(connect(server));
                }
                long start = System.nanoTime();
                for (int i = 0; i < connections; i++) {
                    String[] lines = new String[perConnection];
                    for (int m = 0; m < perConnection; m++) {
                        lines[m] = "slow " + i + " " + m;
                    }
                    writeLines(sockets.get(i), lines);
                }
                // meanwhile the loop is free: a quick message on another connection is answered at once
                try (Socket quick = connect(server)) {
                    long pingStart = System.nanoTime();
                    writeLines(quick, "ping");
                    assertThat(reader(quick).readLine()).isEqualTo("done ping");
                    long pingMillis = (System.nanoTime() - pingStart) / 1_000_000;
                    System.out.println("ping answered in " + pingMillis + " ms while 200 handlers sleep");
                    assertThat(pingMillis).isLessThan(1_000);
                }
                for (int i = 0; i < connections; i++) {
                    BufferedReader in = reader(sockets.get(i));
                    for (int m = 0; m < perConnection; m++) {
                        assertThat(in.readLine()).isEqualTo("done slow " + i + " " + m);
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                long serial = connections * perConnection * 50L;
                System.out.println(connections + " connections x " + perConnection + " messages of 50 ms each: "
                        + millis + " ms (serially " + serial + " ms)");
                // per connection the three messages are serial (150 ms); the connections overlap
                assertThat(millis).isLessThan(serial / 4);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aSecondServerOnTheLoopsStaysResponsive() throws Exception {
        try (GevServer slow = start(SLOW, 1024);
                GevServer quick = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1).build()) {
            quick.start();
            try (Socket busy = connect(slow); TestClient other = TestClient.connect(quick.port())) {
                String[] lines = new String[40];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = "slow " + i;
                }
                writeLines(busy, lines); // two seconds of handler work queued on one connection
                long start = System.nanoTime();
                other.write("still here");
                assertThat(other.readString(10)).isEqualTo("still here");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
                assertThat(reader(busy).readLine()).isEqualTo("done slow 0");
            }
        }
    }

    @Test
    void callbacksOfAConnectionRunInOrderOnTheExecutor() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                sleep(30); // a slow onConnect still comes before the first message
                events.add("connect on " + Thread.currentThread().getName());
                c.runAfter(Duration.ofMillis(1), () -> events.add("timer on " + Thread.currentThread().getName()));
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                events.add("message " + new String(data, StandardCharsets.US_ASCII));
                return data;
            }

            @Override
            public void onClose(Connection c) {
                events.add("close");
            }
        };
        try (GevServer server = start(handler, 1024)) {
            try (Socket socket = connect(server)) {
                writeLines(socket, "a", "b", "c");
                BufferedReader in = reader(socket);
                assertThat(List.of(in.readLine(), in.readLine(), in.readLine())).containsExactly("a", "b", "c");
                await().until(() -> events.stream().anyMatch(e -> e.startsWith("timer")));
            }
            await().until(() -> events.contains("close"));
            assertThat(events.get(0)).isEqualTo("connect on test-handler");
            assertThat(events).containsSubsequence("message a", "message b", "message c", "close")
                    .contains("timer on test-handler");
            assertThat(events.get(events.size() - 1)).isEqualTo("close");
        }
    }

    @Test
    void aConnectionWithTooManyMessagesWaitingIsNotReadUntilItsHandlerCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Handler blocked = (c, ctx, data) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
            return data;
        };
        int messages = 20_000;
        String padding = "x".repeat(100);
        GevServer server = GevServer.builder(blocked).address("127.0.0.1", 0).loops(1)
                .protocol(DelimiterProtocol.lines(1024, false)).handlerExecutor(executor).maxPendingPerConnection(8)
                .receiveBufferSize(16 * 1024).build();
        server.start();
        try (server; Socket socket = new Socket()) {
            socket.setSendBufferSize(16 * 1024);
            socket.setSoTimeout(20_000);
            socket.connect(server.localAddress());
            Future<?> writer = Executors.newSingleThreadExecutor().submit(() -> {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < messages; i++) {
                    all.append(i).append(padding).append('\n');
                }
                socket.getOutputStream().write(all.toString().getBytes(StandardCharsets.US_ASCII));
                return null;
            });
            await().until(() -> server.stats().messagesReceived() >= 8);
            // the handler is stuck: nothing more may be taken from the socket (the count of bytes read holds still
            // from one poll to the next for 300 ms) nor decoded
            AtomicLong lastRead = new AtomicLong(-1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> {
                long read = server.stats().bytesRead();
                return lastRead.getAndSet(read) == read;
            });
            assertThat(server.stats().messagesReceived()).as("messages handed to the handler").isLessThanOrEqualTo(9);
            assertThat(writer.isDone()).as("the client is held up by TCP flow control").isFalse();

            release.countDown();
            BufferedReader in = reader(socket);
            for (int i = 0; i < messages; i++) {
                assertThat(in.readLine()).isEqualTo(i + padding);
            }
            writer.get(10, TimeUnit.SECONDS);
            assertThat(handled.get()).isEqualTo(messages);
        }
    }

    @Test
    void stopAnswersEveryMessageHandedToTheExecutorBeforeItCloses() throws Exception {
        Handler slowEcho = (c, ctx, data) -> {
            sleep(20);
            return data;
        };
        GevServer server = start(slowEcho, 1024);
        try (Socket socket = connect(server)) {
            String[] lines = new String[30];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "m" + i;
            }
            writeLines(socket, lines);
            await().until(() -> server.stats().messagesReceived() == 30);
            server.stop(); // about 600 ms of handler work is still queued
            BufferedReader in = reader(socket);
            for (int i = 0; i < lines.length; i++) {
                assertThat(in.readLine()).isEqualTo("m" + i);
            }
            assertThat(in.readLine()).isNull(); // then end of stream
        } finally {
            server.stop();
        }
    }

    @Test
    void aHandlerThatThrowsOnTheExecutorClosesOnlyItsConnection() throws Exception {
        Handler picky = (c, ctx, data) -> {
            if (new String(data, StandardCharsets.US_ASCII).equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return data;
        };
        try (GevServer server = start(picky, 1024); Socket bad = connect(server); Socket good = connect(server)) {
            writeLines(bad, "boom");
            assertThat(bad.getInputStream().read()).isEqualTo(-1);
            writeLines(good, "fine");
            assertThat(reader(good).readLine()).isEqualTo("fine");
            assertThat(server.stats().handlerErrors()).isEqualTo(1);
        }
    }

    @Test
    void aRefusingExecutorClosesTheConnectionAndStillReportsItsClose() throws Exception {
        ExecutorService gone = Executors.newSingleThreadExecutor();
        gone.shutdown();
        AtomicInteger closes = new AtomicInteger();
        Handler handler = new Handler() {
            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return data;
            }

            @Override
            public void onClose(Connection c) {
                closes.incrementAndGet();
            }
        };
        try (GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(1).handlerExecutor(gone)
                .build()) {
            server.start();
            try (Socket socket = connect(server)) {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            await().until(() -> closes.get() == 1);
        }
    }

    @Test
    void aStreamHandlerCannotHaveAnExecutor() {
        StreamHandler stream = (c, in, out) -> out.write(in);
        assertThatThrownBy(() -> GevServer.builder(stream).handlerExecutor(executor).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StreamHandler");
    }
}
