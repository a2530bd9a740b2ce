package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.ServerStats;
import io.gev.spring.autoconfigure.GevServerLifecycle;
import io.gev.spring.autoconfigure.GevServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application while clients stream to it: every reply the server produced reaches its client, nothing is
 * corrupted or skipped, every client sees the end of the stream, and readiness went to REFUSING_TRAFFIC first.
 *
 * <p>The application is started here rather than by {@code @SpringBootTest} because the test closes it.
 */
@Timeout(60)
class EchoServerGracefulShutdownTests {

    /** Clients write fixed-size records, each carrying the connection number and its sequence number. */
    static final int RECORD_SIZE = 64;
    static final int RECORDS_PER_WRITE = 16;
    static final int CONNECTIONS = 4;
    /** What each client must have had echoed before the application is closed: traffic is really flowing. */
    static final long ECHOED_BEFORE_CLOSE = 256 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RepeatedTest(3)
    void closingTheContextUnderTrafficDeliversEveryReplyAlreadyInFlight() throws Exception {
        ReadinessRecorder readiness = new ReadinessRecorder();
        ConfigurableApplicationContext context = start(readiness);
        List<StreamingClient> clients = new ArrayList<>();
        try {
            int port = context.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
            assertThat(port).isPositive();
            GevServer server = context.getBean(GevServers.class).get(GevServers.DEFAULT);
            assertThat(server.port()).isEqualTo(port);
            ServerStats stats = server.stats();
            readiness.watch(server);
            assertThat(readiness.events()).extracting(ReadinessChange::state)
                    .containsExactly(ReadinessState.ACCEPTING_TRAFFIC);

            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(StreamingClient.start(i, port));
            }
            await().atMost(TIMEOUT).until(() -> clients.stream().allMatch(c -> c.received() >= ECHOED_BEFORE_CLOSE));
            for (StreamingClient c : clients) {
                assertThat(c.writerAlive()).as("client %d still writing when the close starts", c.id).isTrue();
                assertThat(c.writeFailure()).as("client %d write failure before the close", c.id).isNull();
            }

            Thread closer = new Thread(context::close, "test-context-close");
            closer.start();

            // (a) no hang: every reader ends, and the close returns
            for (StreamingClient c : clients) {
                c.awaitReaderEnd(TIMEOUT);
            }
            closer.join(TIMEOUT.toMillis());
            assertThat(closer.isAlive()).as("context.close() returned").isFalse();
            assertThat(context.isActive()).isFalse();
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            assertReadinessRefusedTrafficBeforeTheDrain(readiness);
            assertPortClosed(port);

            SoftAssertions softly = new SoftAssertions();
            long totalReceived = 0;
            for (StreamingClient c : clients) {
                // (a) ... and each ends with end of stream, not with a reset
                softly.assertThat(c.readFailure()).as("client %d: read failure instead of end of stream", c.id)
                        .isNull();
                softly.assertThat(c.sawEndOfStream()).as("client %d saw end of stream", c.id).isTrue();
                // (b) what came back is an exact prefix of what was sent: byte-for-byte, no gap, no corruption
                softly.assertThat(c.firstMismatch()).as("client %d: offset of the first wrong byte", c.id)
                        .isEqualTo(-1);
                softly.assertThat(c.received()).as("client %d: bytes received", c.id)
                        .isGreaterThanOrEqualTo(ECHOED_BEFORE_CLOSE)
                        .isLessThanOrEqualTo(c.offered());
                totalReceived += c.received();
            }
            // (c) every byte the server wrote arrived, and the server answered every byte it read
            softly.assertThat(stats.bytesWritten()).as("server bytesWritten == bytes all clients received (%s)", stats)
                    .isEqualTo(totalReceived);
            softly.assertThat(stats.bytesRead()).as("server bytesRead == bytesWritten").isEqualTo(stats.bytesWritten());
            softly.assertThat(stats.connectionsAccepted()).as("accepted").isEqualTo(CONNECTIONS);
            softly.assertThat(stats.connectionsClosed()).as("closed").isEqualTo(CONNECTIONS);
            softly.assertThat(stats.handlerErrors() + stats.protocolErrors() + stats.ioErrors()).as("errors").isZero();
            softly.assertAll();
        }
        finally {
            context.close();
            for (StreamingClient c : clients) {
                c.close();
            }
        }
    }

    /**
     * The deterministic form of the case above: a client floods the server without reading, so the server has
     * stopped reading it (output above the high watermark) with the client's bytes still unread in its socket; the
     * context is closed, and only once the drain is under way does the client read. It must get every byte the server
     * wrote, then end of stream.
     */
    @Test
    void closingTheContextWhileAClientHasUnreadInputStillDeliversEveryWrittenByteThenEndOfStream() throws Exception {
        ReadinessRecorder readiness = new ReadinessRecorder();
        ConfigurableApplicationContext context = start(readiness);
        Socket socket = new Socket();
        Thread writer = null;
        try {
            int port = context.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
            GevServer server = context.getBean(GevServers.class).get(GevServers.DEFAULT);
            ServerStats stats = server.stats();
            readiness.watch(server);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);

            int id = 7;
            AtomicLong offered = new AtomicLong();
            writer = new Thread(() -> {
                byte[] chunk = new byte[RECORD_SIZE * 256];
                try {
                    OutputStream out = socket.getOutputStream();
                    for (long offset = 0; ; offset += chunk.length) {
                        for (int i = 0; i < chunk.length; i++) {
                            chunk[i] = expected(id, offset + i);
                        }
                        offered.addAndGet(chunk.length);
                        out.write(chunk); // blocks for good once the server stops reading
                    }
                }
                catch (IOException expectedOnceTheServerCloses) {
                    // the server closed its end; the writer is done
                }
            }, "test-flooder");
            writer.setDaemon(true);
            writer.start();
            // the server reads until its output passes the high watermark, then stops reading: the client's bytes
            // pile up unread in the server's socket and the writer blocks
            await().atMost(TIMEOUT).until(() -> stats.bytesRead() > 0);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(new StableFor<>(stats::bytesRead, 5));
            long readBeforeClose = stats.bytesRead();
            assertThat(readBeforeClose).isPositive();
            assertThat(offered.get()).as("client bytes the server has not read").isGreaterThan(readBeforeClose);

            Thread closer = new Thread(context::close, "test-context-close");
            closer.start();
            await().atMost(TIMEOUT).until(() -> server.state() != GevServer.State.RUNNING);

            long received = 0;
            long firstMismatch = -1;
            IOException readFailure = null;
            boolean endOfStream = false;
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = 0; i < n && firstMismatch < 0; i++) {
                        if (buf[i] != expected(id, received + i)) {
                            firstMismatch = received + i;
                        }
                    }
                    received += n;
                }
                endOfStream = true;
            }
            catch (SocketTimeoutException hang) {
                throw new AssertionError("no end of stream within " + TIMEOUT, hang);
            }
            catch (IOException e) {
                readFailure = e;
            }
            socket.close(); // the client's end of the conversation; this also ends the blocked writer
            closer.join(TIMEOUT.toMillis());
            assertThat(closer.isAlive()).as("context.close() returned").isFalse();
            assertThat(server.state()).isEqualTo(GevServer.State.TERMINATED);
            assertReadinessRefusedTrafficBeforeTheDrain(readiness);

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(readFailure).as("read failure instead of end of stream (after %d bytes)", received)
                    .isNull();
            softly.assertThat(endOfStream).as("end of stream").isTrue();
            softly.assertThat(firstMismatch).as("offset of the first wrong byte").isEqualTo(-1);
            softly.assertThat(stats.bytesRead()).as("server read nothing after it stopped reading")
                    .isEqualTo(readBeforeClose);
            softly.assertThat(stats.bytesWritten()).as("server answered every byte it read").isEqualTo(readBeforeClose);
            softly.assertThat(received).as("client received every byte the server wrote (%s)", stats)
                    .isEqualTo(stats.bytesWritten());
            softly.assertThat(stats.ioErrors()).as("io errors").isZero();
            softly.assertAll();
        }
        finally {
            context.close();
            socket.close();
            if (writer != null) {
                writer.join(5000);
            }
        }
    }

    /**
     * Starts the application on free ports. The settings are passed as command line arguments:
     * {@code SpringApplicationBuilder.properties(..)} only sets default properties, which the application.yml's
     * {@code gev.port: 1833} and {@code server.port: 8080} would override.
     */
    private static ConfigurableApplicationContext start(ReadinessRecorder readiness) {
        return new SpringApplicationBuilder(EchoServerApplication.class)
                .properties("spring.main.banner-mode=off")
                .listeners(readiness)
                .run("--gev.port=0", "--gev.host=127.0.0.1", "--server.port=0");
    }

    /**
     * gev's lifecycle published REFUSING_TRAFFIC while its server was still RUNNING, i.e. before it stopped accepting.
     * (Boot's servlet web server context publishes REFUSING_TRAFFIC too when it closes, so there may be two.)
     */
    private static void assertReadinessRefusedTrafficBeforeTheDrain(ReadinessRecorder readiness) {
        List<ReadinessChange> events = readiness.events();
        assertThat(events).first().extracting(ReadinessChange::state).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(events).last().extracting(ReadinessChange::state).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(events).filteredOn(e -> e.source() == GevServerLifecycle.class)
                .containsExactly(new ReadinessChange(ReadinessState.REFUSING_TRAFFIC, GevServerLifecycle.class,
                        GevServer.State.RUNNING));
    }

    private static void assertPortClosed(int port) {
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        });
    }

    /** A readiness change: the new state, who published it, and the gev server's state at that moment. */
    record ReadinessChange(ReadinessState state, Class<?> source, GevServer.State serverState) {
    }

    /** True once {@code value} returned the same number {@code times} polls in a row. */
    static final class StableFor<T> implements Callable<Boolean> {

        private final Callable<T> value;
        private final int times;
        private T last;
        private int same;

        StableFor(Callable<T> value, int times) {
            this.value = value;
            this.times = times;
        }

        @Override
        public Boolean call() throws Exception {
            T now = value.call();
            same = now.equals(last) ? same + 1 : 0;
            last = now;
            return same >= times;
        }
    }

    /** Records the readiness changes published while the application runs. */
    static final class ReadinessRecorder implements ApplicationListener<ApplicationEvent> {

        private final List<ReadinessChange> events = new CopyOnWriteArrayList<>();
        private volatile GevServer server;

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState s) {
                GevServer watched = server;
                events.add(new ReadinessChange(s, event.getSource().getClass(),
                        watched == null ? null : watched.state()));
            }
        }

        void watch(GevServer server) {
            this.server = server;
        }

        List<ReadinessChange> events() {
            return List.copyOf(events);
        }
    }

    /** The byte at {@code offset} of the stream connection {@code id} sends: 64-byte records [id][seq][pattern]. */
    static byte expected(int id, long offset) {
        long record = offset / RECORD_SIZE;
        int i = (int) (offset % RECORD_SIZE);
        if (i < 4) {
            return (byte) (id >>> (24 - 8 * i));
        }
        if (i < 12) {
            return (byte) (record >>> (56 - 8 * (i - 4)));
        }
        return (byte) (record * 31 + i * 7 + id);
    }

    /**
     * One connection with a writer thread that sends records as fast as the socket takes them and a reader thread
     * that checks every echoed byte against what was sent, until end of stream.
     */
    static final class StreamingClient {

        final int id;
        private final Socket socket;
        private final Thread writer;
        private final Thread reader;
        /** Bytes handed to the socket (including a write that may have been cut short). */
        private final AtomicLong offered = new AtomicLong();
        private final AtomicLong received = new AtomicLong();
        private volatile long firstMismatch = -1;
        private volatile boolean endOfStream;
        private volatile IOException readFailure;
        private volatile IOException writeFailure;
        private volatile boolean closing;

        private StreamingClient(int id, Socket socket) {
            this.id = id;
            this.socket = socket;
            this.writer = new Thread(this::write, "test-writer-" + id);
            this.reader = new Thread(this::read, "test-reader-" + id);
            this.writer.setDaemon(true);
            this.reader.setDaemon(true);
        }

        static StreamingClient start(int id, int port) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            // a reader waiting longer than this for the server is a hang: it fails instead
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            StreamingClient client = new StreamingClient(id, socket);
            client.reader.start();
            client.writer.start();
            return client;
        }

        private void write() {
            byte[] chunk = new byte[RECORD_SIZE * RECORDS_PER_WRITE];
            try {
                OutputStream out = socket.getOutputStream();
                long offset = 0;
                while (!closing) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = expected(id, offset + i);
                    }
                    offered.addAndGet(chunk.length);
                    out.write(chunk); // blocks once the server stops reading; fails once it has closed
                    offset += chunk.length;
                }
            }
            catch (IOException e) {
                if (!closing) {
                    writeFailure = e;
                }
            }
        }

        private void read() {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = socket.getInputStream();
                long offset = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (firstMismatch < 0) {
                        for (int i = 0; i < n; i++) {
                            if (buf[i] != expected(id, offset + i)) {
                                firstMismatch = offset + i;
                                break;
                            }
                        }
                    }
                    offset += n;
                    received.set(offset);
                }
                endOfStream = true;
                // what a client does at end of stream: close its end too (this also ends a blocked writer)
                closing = true;
                socket.close();
            }
            catch (IOException e) {
                if (!closing) {
                    readFailure = e;
                }
            }
        }

        long received() {
            return received.get();
        }

        long offered() {
            return offered.get();
        }

        long firstMismatch() {
            return firstMismatch;
        }

        boolean sawEndOfStream() {
            return endOfStream;
        }

        IOException readFailure() {
            return readFailure;
        }

        IOException writeFailure() {
            return writeFailure;
        }

        boolean writerAlive() {
            return writer.isAlive();
        }

        void awaitReaderEnd(Duration timeout) throws InterruptedException {
            reader.join(timeout.toMillis());
            assertThat(reader.isAlive()).as("client %d reader still waiting after %s (hang)", id, timeout).isFalse();
        }

        /** Ends both threads: closing the socket unblocks a writer the server no longer reads from. */
        void close() throws Exception {
            closing = true;
            socket.close();
            writer.join(TimeUnit.SECONDS.toMillis(5));
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
