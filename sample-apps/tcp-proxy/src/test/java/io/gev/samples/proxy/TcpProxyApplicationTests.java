package io.gev.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The proxy between real sockets: a client on one side, a gev echo server or a plain socket as its upstream. */
class TcpProxyApplicationTests {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        pool.shutdownNow();
    }

    /** The proxy with no health checks in the way: the plain-socket upstream accepts the proxy's one connection. */
    private ConfigurableApplicationContext proxyTo(int upstreamPort) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TcpProxyApplication.class).run(
                "--gev.port=0", "--gev.host=127.0.0.1", "--gev.loops=2", "--server.port=0",
                "--proxy.upstreams=127.0.0.1:" + upstreamPort, "--proxy.health.interval=1h");
        resources.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
    }

    private GevServer echoUpstream() {
        GevServer echo = GevServer.builder((c, x, d) -> d).address("127.0.0.1", 0).loops(1).build();
        echo.start();
        resources.add(echo);
        return echo;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void bytesThroughTheProxyEqualBytesIn() throws Exception {
        GevServer echo = echoUpstream();
        ConfigurableApplicationContext proxy = proxyTo(echo.port());
        byte[] payload = random(8 * 1024 * 1024 + 3, 1);
        try (Socket client = connect(port(proxy))) {
            Future<?> writer = pool.submit(() -> {
                client.getOutputStream().write(payload);
                return null;
            });
            byte[] back = new byte[payload.length];
            new DataInputStream(client.getInputStream()).readFully(back);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(Arrays.equals(back, payload)).isTrue();
        }
        GevServer proxyServer = proxy.getBean(GevServers.class).get(GevServers.DEFAULT);
        await().until(() -> proxyServer.connectionCount() == 0 && echo.connectionCount() == 0);
        assertThat(proxyServer.stats().bytesRead()).isEqualTo(payload.length);
        assertThat(proxyServer.stats().bytesWritten()).isEqualTo(payload.length);
    }

    @Test
    void aHalfCloseIsPassedOnAndEveryReplyComesBackBeforeTheEnd() throws Exception {
        GevServer echo = echoUpstream();
        ConfigurableApplicationContext proxy = proxyTo(echo.port());
        byte[] payload = random(300_000, 2);
        try (Socket client = connect(port(proxy))) {
            client.getOutputStream().write(payload);
            client.shutdownOutput(); // the client is done sending, and waits for the rest
            byte[] back = client.getInputStream().readAllBytes(); // to the end of stream
            assertThat(Arrays.equals(back, payload)).isTrue();
        }
    }

    @Test
    void manyClientsAreRelayedAtOnceEachToItsOwnUpstream() throws Exception {
        GevServer echo = echoUpstream();
        ConfigurableApplicationContext proxy = proxyTo(echo.port());
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long seed = i;
            results.add(pool.submit(() -> {
                byte[] payload = random(20_000, seed);
                try (Socket client = connect(port(proxy))) {
                    client.getOutputStream().write(payload);
                    byte[] back = new byte[payload.length];
                    new DataInputStream(client.getInputStream()).readFully(back);
                    return Arrays.equals(back, payload);
                }
            }));
        }
        for (Future<Boolean> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(echo.stats().connectionsAccepted()).isEqualTo(50);
    }

    @Test
    void anUpstreamThatStopsReadingPausesTheClient() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            upstream.setReceiveBufferSize(64 * 1024);
            ConfigurableApplicationContext proxy = proxyTo(upstream.getLocalPort());
            GevServer proxyServer = proxy.getBean(GevServers.class).get(GevServers.DEFAULT);
            byte[] payload = random(64 * 1024 * 1024, 3);
            try (Socket client = connect(port(proxy))) {
                Socket stalled = upstream.accept(); // and does not read
                Future<?> writer = pool.submit(() -> {
                    client.getOutputStream().write(payload);
                    return null;
                });
                // the proxy takes what fits its outbound limit and the sockets' buffers, then stops reading
                await().atMost(Duration.ofSeconds(20)).until(() -> readStopped(proxyServer));
                long taken = proxyServer.stats().bytesRead();
                System.out.println("proxy took " + taken + " of " + payload.length
                        + " bytes while the upstream did not read");
                assertThat(taken).isLessThan(16L * 1024 * 1024);
                assertThat(writer.isDone()).as("the client is held up").isFalse();

                // the upstream reads again: everything arrives, in order
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                InputStream in = stalled.getInputStream();
                byte[] buf = new byte[256 * 1024];
                while (received.size() < payload.length) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    received.write(buf, 0, n);
                }
                writer.get(20, TimeUnit.SECONDS);
                assertThat(Arrays.equals(received.toByteArray(), payload)).isTrue();
                stalled.close();
            }
        }
    }

    /** Whether the proxy stopped reading its client: nothing more read over 300 ms. */
    private static boolean readStopped(GevServer proxyServer) throws InterruptedException {
        long before = proxyServer.stats().bytesRead();
        Thread.sleep(300);
        return before > 0 && proxyServer.stats().bytesRead() == before;
    }

    @Test
    void aClientIsClosedWhenTheUpstreamIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ConfigurableApplicationContext proxy = proxyTo(closedPort);
        try (Socket client = connect(port(proxy))) {
            OutputStream out = client.getOutputStream();
            out.write("anyone?".getBytes());
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }
}
