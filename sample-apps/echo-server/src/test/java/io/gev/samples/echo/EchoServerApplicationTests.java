package io.gev.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.gev.test.GevTestClient;
import io.gev.test.autoconfigure.AutoConfigureGevTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The echo sample as a whole: real TCP clients against the gev port (plain sockets, and {@link GevTestClient}s), real
 * HTTP against Actuator, and the Micrometer meters the traffic moves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "gev.port=0", "gev.host=127.0.0.1" })
@AutoConfigureGevTestClient
@Timeout(30)
class EchoServerApplicationTests {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(IO_TIMEOUT).build();

    @Value("${local.gev.port}")
    int gevPort;

    @Value("${local.server.port}")
    int httpPort;

    @Autowired
    MeterRegistry registry;

    /** A client of the gev server, connected when first used. */
    @Autowired
    GevTestClient client;

    @BeforeEach
    void noConnectionsLeftFromEarlierTests() {
        // connections closed by an earlier test are closed on the server's loop a moment later
        await().atMost(IO_TIMEOUT).until(() -> gauge("gev.connections.active") == 0.0);
    }

    @Test
    void echoesRandomPayloadsByteForByteOnTheBoundPort() throws Exception {
        assertThat(gevPort).isPositive().isNotEqualTo(1833).isNotEqualTo(httpPort);
        Random random = new Random(42);
        try (Socket socket = connect()) {
            for (int size : new int[] { 1, 7, 100, 1_000, 4_096, 65_536, 300_000 }) {
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                assertThat(echo(socket, payload)).as("echo of %d bytes", size).isEqualTo(payload);
            }
        }
        // two connections at once keep their own streams
        try (GevTestClient a = client; GevTestClient b = GevTestClient.builder(gevPort).connect()) {
            byte[] pa = new byte[5_000];
            byte[] pb = new byte[5_000];
            random.nextBytes(pa);
            random.nextBytes(pb);
            a.sendRaw(pa);
            b.sendRaw(pb);
            assertThat(b.receiveBytes(pb.length)).isEqualTo(pb);
            assertThat(a.receiveBytes(pa.length)).isEqualTo(pa);
        }
    }

    @Test
    void healthIsUpWithTheGevComponentAndItsBoundPort() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        String body = health.body();
        assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.gev.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.gev.details.default.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.gev.details.default.state")).isEqualTo("RUNNING");
        assertThat(JsonPath.<String>read(body, "$.components.gev.details.default.address")).isEqualTo("127.0.0.1");
        assertThat(JsonPath.<Integer>read(body, "$.components.gev.details.default.port")).isEqualTo(gevPort);
        assertThat(JsonPath.<Integer>read(body, "$.components.gev.details.default.loops"))
                .isEqualTo(Runtime.getRuntime().availableProcessors()); // gev.loops: 0 in application.yml

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        String ready = readiness.body();
        assertThat(JsonPath.<String>read(ready, "$.status")).isEqualTo("UP");
        Map<String, Object> components = JsonPath.read(ready, "$.components");
        assertThat(components).containsOnlyKeys("gev", "readinessState");
        assertThat(JsonPath.<String>read(ready, "$.components.readinessState.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(ready, "$.components.gev.status")).isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(ready, "$.components.gev.details.default.port")).isEqualTo(gevPort);
    }

    @Test
    void gevEndpointDescribesTheRunningDefaultServerAndItsLiveConnections() throws Exception {
        try (GevTestClient c = client) { // closed at the end: later tests count connections from none
            byte[] hello = "hello".getBytes();
            assertThat(c.sendRaw(hello).receiveBytes(hello.length)).isEqualTo(hello);
            String clientEnd = "127.0.0.1:" + c.localPort();

            HttpResponse<String> all = get("/actuator/gev");
            assertThat(all.statusCode()).isEqualTo(200);
            String body = all.body();
            Map<String, Object> servers = JsonPath.read(body, "$");
            assertThat(servers).containsOnlyKeys("default");
            assertThat(JsonPath.<String>read(body, "$.default.state")).isEqualTo("RUNNING");
            assertThat(JsonPath.<String>read(body, "$.default.address")).isEqualTo("127.0.0.1");
            assertThat(JsonPath.<Integer>read(body, "$.default.port")).isEqualTo(gevPort);
            assertThat(JsonPath.<Integer>read(body, "$.default.connections")).isEqualTo(1);
            assertThat(JsonPath.<List<String>>read(body, "$.default.openConnections[*].peer"))
                    .containsExactly(clientEnd);
            assertThat(JsonPath.<String>read(body, "$.default.settings.framing")).isEqualTo("raw");
            assertThat(JsonPath.<String>read(body, "$.default.settings.idleTimeout")).isEqualTo("PT5M");
            assertThat(JsonPath.<Integer>read(body, "$.default.settings.maxOutboundBytes")).isEqualTo(16 << 20);
            assertThat(JsonPath.<List<Object>>read(body, "$.default.loops"))
                    .hasSize(Runtime.getRuntime().availableProcessors());
            assertThat(JsonPath.<List<Boolean>>read(body, "$.default.loops[*].alive")).containsOnly(true);
            assertThat(JsonPath.<Number>read(body, "$.default.totals.bytesRead").longValue())
                    .isGreaterThanOrEqualTo(hello.length);

            HttpResponse<String> one = get("/actuator/gev/default");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<String>read(one.body(), "$.state")).isEqualTo("RUNNING");
            assertThat(JsonPath.<Integer>read(one.body(), "$.port")).isEqualTo(gevPort);

            assertThat(get("/actuator/gev/nosuchserver").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metersCountExactlyTheTrafficSent() throws Exception {
        double accepted = counter("gev.connections.accepted");
        double closed = counter("gev.connections.closed");
        double received = counter("gev.messages.received");
        double sent = counter("gev.messages.sent");
        double bytesRead = counter("gev.bytes.read");
        double bytesWritten = counter("gev.bytes.written");
        double errors = counter("gev.errors", "io") + counter("gev.errors", "decode") + counter("gev.errors", "handler");
        assertThat(gauge("gev.connections.active")).isEqualTo(0.0);

        int connections = 3;
        int[] sizes = { 1, 10, 100, 500, 1_000 }; // each well below one loopback segment: one read, one message
        long bytesPerConnection = 0;
        for (int size : sizes) {
            bytesPerConnection += size;
        }
        Random random = new Random(7);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(connect());
            }
            await().atMost(IO_TIMEOUT).untilAsserted(() -> {
                assertThat(gauge("gev.connections.active")).isEqualTo(connections);
                assertThat(counter("gev.connections.accepted") - accepted).isEqualTo(connections);
            });
            for (Socket socket : sockets) {
                for (int size : sizes) {
                    // one message at a time: the next is sent only after the whole echo came back, so no two
                    // messages can share a read on the server
                    byte[] payload = new byte[size];
                    random.nextBytes(payload);
                    socket.getOutputStream().write(payload);
                    assertThat(readExactly(socket.getInputStream(), size)).isEqualTo(payload);
                }
            }
            long totalBytes = connections * bytesPerConnection;
            long totalMessages = (long) connections * sizes.length;
            await().atMost(IO_TIMEOUT).untilAsserted(() -> {
                assertThat(counter("gev.messages.received") - received).isEqualTo(totalMessages);
                assertThat(counter("gev.messages.sent") - sent).isEqualTo(totalMessages);
                assertThat(counter("gev.bytes.read") - bytesRead).isEqualTo(totalBytes);
                assertThat(counter("gev.bytes.written") - bytesWritten).isEqualTo(totalBytes);
            });
            assertThat(gauge("gev.connections.active")).isEqualTo(connections);
            assertThat(counter("gev.connections.closed") - closed).isZero();
        }
        finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        await().atMost(IO_TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("gev.connections.active")).isEqualTo(0.0);
            assertThat(counter("gev.connections.closed") - closed).isEqualTo(connections);
        });
        assertThat(counter("gev.connections.accepted") - accepted).isEqualTo(connections);
        assertThat(counter("gev.errors", "io") + counter("gev.errors", "decode") + counter("gev.errors", "handler"))
                .isEqualTo(errors);
        // one pending-tasks gauge per loop, all tagged with the server
        assertThat(registry.get("gev.loop.tasks.pending").tag("server", "default").gauges())
                .hasSize(Runtime.getRuntime().availableProcessors());
    }

    private double counter(String name) {
        return registry.get(name).tag("server", "default").functionCounter().count();
    }

    private double counter(String name, String type) {
        return registry.get(name).tag("server", "default").tag("type", type).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).tag("server", "default").gauge().value();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", gevPort), (int) IO_TIMEOUT.toMillis());
        return socket;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(IO_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Reads exactly {@code n} bytes (the socket's read timeout bounds every wait). */
    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        assertThat(bytes).as("bytes before end of stream").hasSize(n);
        return bytes;
    }

    /**
     * Sends {@code payload} from another thread while this one reads the echo, so that a payload larger than the
     * sockets' buffers cannot deadlock the exchange, and returns the echo.
     */
    static byte[] echo(Socket socket, byte[] payload) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(payload);
                out.flush();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] echoed = readExactly(socket.getInputStream(), payload.length);
        writer.get(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return echoed;
    }
}
