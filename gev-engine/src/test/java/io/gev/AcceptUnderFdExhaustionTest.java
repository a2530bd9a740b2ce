package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors (accept failing with EMFILE while connections wait in the backlog), the acceptor backs off
 * instead of spinning, and serves again as soon as descriptors are free. The server runs in a JVM of its own
 * ({@link FdLimitedEchoServer}) under {@code ulimit -n 256}; the test fills its descriptor table with connections and
 * reads the CPU time of its {@code gev-acceptor} thread from {@code /proc}.
 */
class AcceptUnderFdExhaustionTest {

    private static final int FD_LIMIT = 256;
    /** Connections opened: more than the server can hold, the rest wait in its backlog (1024). */
    private static final int HOGS = FD_LIMIT + 64;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final String ACCEPTOR = "gev-acceptor";
    /** How soon a server with free descriptors again must answer: the acceptor's longest back-off is a second. */
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void outOfDescriptorsTheAcceptorSleepsAndServiceResumesOnceTheyAreFree() throws Exception {
        exhaustThenFree(true);
    }

    /**
     * Like the test above, without the warm-up: the server runs out of descriptors before it ever served a connection.
     * Had gev not primed its connection path at start, the first connection would need class files and the JDK's
     * socket-close setup, both of which need a spare descriptor: classes would fail to load ({@code NoClassDefFoundError})
     * and every close would fail for the life of the JVM, so no descriptor would ever be freed again.
     */
    @Test
    void aServerOutOfDescriptorsBeforeItsFirstCloseResumesToo() throws Exception {
        exhaustThenFree(false);
    }

    /**
     * Starts the server, fills its descriptor table with idle connections, checks that a further connection gets no
     * answer, measures the acceptor's CPU time over {@link #WINDOW}, then closes the idle connections and checks that
     * the waiting connection and a new one are served. With {@code warmUp} the server first serves and closes two
     * connections, so that descriptor exhaustion is the only unusual thing it meets.
     */
    private static void exhaustThenFree(boolean warmUp) throws Exception {
        assumeTrue(ProcFs.isAvailable(), "needs Linux /proc");
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Process server = startServer(port);
        List<Socket> hogs = new ArrayList<>();
        try {
            int serverPort = port.get(60, TimeUnit.SECONDS);
            long pid = server.pid(); // bash exec'd the JVM, so this is the server's own process
            assertThat(ProcFs.openFileLimit(pid)).isEqualTo(FD_LIMIT);
            if (warmUp) {
                // the second echo needs a loop iteration after the first close, when that socket's descriptor is freed
                echoThenHalfClose(serverPort, "warm-up 1");
                echoThenHalfClose(serverPort, "warm-up 2");
            }
            for (int i = 0; i < HOGS; i++) {
                hogs.add(BlockingClients.connect(serverPort));
            }
            await("the server holding all " + FD_LIMIT + " descriptors").atMost(Duration.ofSeconds(30))
                    .until(() -> ProcFs.openFileCount(pid) >= FD_LIMIT);

            try (Socket probe = BlockingClients.connect(serverPort)) {
                byte[] ping = "probe".getBytes(StandardCharsets.US_ASCII);
                probe.getOutputStream().write(ping);
                probe.setSoTimeout(500);
                assertThatThrownBy(() -> probe.getInputStream().read())
                        .as("an answer from a server out of descriptors").isInstanceOf(SocketTimeoutException.class);

                long tid = ProcFs.threadId(pid, ACCEPTOR).orElseThrow();
                long cpuBefore = ProcFs.threadCpuMillis(pid, tid);
                long windowStart = System.nanoTime();
                Thread.sleep(WINDOW.toMillis()); // the measurement window itself
                long cpuMillis = ProcFs.threadCpuMillis(pid, tid) - cpuBefore;
                long windowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - windowStart);

                long freedAt = System.nanoTime();
                BlockingClients.closeAll(hogs);
                probe.setSoTimeout((int) RESUME_TIMEOUT.toMillis());
                BlockingClients.expect(probe, ping);
                long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freedAt);
                System.out.printf("EMFILE: acceptor CPU %d ms over %d ms; service resumed after %d ms%n", cpuMillis,
                        windowMillis, resumedMillis);
                assertThat(cpuMillis).as("acceptor CPU time while out of descriptors").isLessThan(windowMillis / 10);
            }
            echoThenHalfClose(serverPort, "fresh");
        } finally {
            BlockingClients.closeAll(hogs);
            FdLimitedJvm.stop(server);
        }
    }

    /** A whole served connection: an echo, a half-close, and the server's end of stream. */
    private static void echoThenHalfClose(int port, String text) throws IOException {
        try (Socket socket = BlockingClients.connect(port)) {
            socket.setSoTimeout((int) RESUME_TIMEOUT.toMillis());
            BlockingClients.echo(socket, text.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
    }

    /**
     * Starts {@link FdLimitedEchoServer} under {@code ulimit -n} {@value #FD_LIMIT}; completes {@code port} with the
     * port it prints and copies the rest of its output (its log) to ours.
     */
    private static Process startServer(CompletableFuture<Integer> port) throws IOException {
        Process process = FdLimitedJvm.start(FdLimitedEchoServer.class, FD_LIMIT);
        Thread output = new Thread(() -> copyOutput(process, port), "fd-limited-server-output");
        output.setDaemon(true);
        output.start();
        return process;
    }

    private static void copyOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(FdLimitedEchoServer.PORT_PREFIX)) {
                    port.complete(Integer.parseInt(line.substring(FdLimitedEchoServer.PORT_PREFIX.length())));
                } else {
                    System.out.println("[fd-limited server] " + line);
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the server ended without printing its port"));
    }
}
