package io.gev.samples.proxy;

import io.gev.GevServer;
import io.gev.ProxyProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the load balancer's tests start, all on 127.0.0.1 and closed after each test: proxies (the sample application,
 * with its HTTP side when asked for), gev upstreams that answer every message with a line of their own, and
 * clients. A JUnit extension: {@code @RegisterExtension final ProxyFixture fixture = new ProxyFixture();}.
 */
final class ProxyFixture implements AfterEachCallback {

    /** The argument that gives a proxy its HTTP side (Actuator over HTTP), for {@link #get}. */
    static final String HTTP = "--spring.main.web-application-type=servlet";

    private final List<AutoCloseable> resources = new ArrayList<>();

    /**
     * The proxy application with {@code args}, and otherwise a free port on 127.0.0.1, two loops and no HTTP side
     * (give {@link #HTTP} for one, on a free port).
     */
    ConfigurableApplicationContext proxy(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        for (String setting : List.of("--gev.port=0", "--gev.host=127.0.0.1", "--gev.loops=2",
                "--spring.main.web-application-type=none", "--server.port=0", "--server.address=127.0.0.1")) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (all.stream().noneMatch(a -> a.startsWith(key))) {
                all.add(setting);
            }
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TcpProxyApplication.class)
                .run(all.toArray(String[]::new));
        resources.add(context);
        return context;
    }

    /** The proxy's gev port. */
    static int port(ConfigurableApplicationContext proxy) {
        return proxy.getEnvironment().getRequiredProperty("local.gev.port", Integer.class);
    }

    /** {@code --proxy.upstreams=...} naming {@code servers}. */
    static String upstreams(GevServer... servers) {
        return Arrays.stream(servers).map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",", "--proxy.upstreams=", ""));
    }

    /** An upstream on {@code port} (0: any) that answers every message with {@code name} and a newline. */
    GevServer named(String name, int port) {
        byte[] reply = line(name);
        return started(GevServer.builder((c, x, d) -> reply).address("127.0.0.1", port).loops(1).build());
    }

    /**
     * An upstream that requires a PROXY header and answers every message with the client address it names, and a
     * newline.
     */
    GevServer addressEcho() {
        return started(GevServer.builder((c, x, d) -> line(text(c.peerAddress()))).address("127.0.0.1", 0).loops(1)
                .proxyProtocol(ProxyProtocol.REQUIRED).build());
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private GevServer started(GevServer server) {
        server.start();
        resources.add(server);
        return server;
    }

    /** A plain socket upstream on a free port, for a test to accept from ({@link #accept}); closed after the test. */
    ServerSocket plainUpstream() throws IOException {
        return plainUpstream(50);
    }

    /** Like {@link #plainUpstream()}, with an accept queue of {@code backlog}. */
    ServerSocket plainUpstream(int backlog) throws IOException {
        ServerSocket upstream = new ServerSocket(0, backlog, java.net.InetAddress.getLoopbackAddress());
        upstream.setSoTimeout(10_000);
        resources.add(upstream);
        return upstream;
    }

    /** The next connection to {@code upstream} (within its accept timeout), with a read timeout; closed after. */
    Socket accept(ServerSocket upstream) throws IOException {
        Socket socket = upstream.accept();
        socket.setSoTimeout(10_000);
        resources.add(socket);
        return socket;
    }

    /** Closes {@code resource} after the test. */
    void closeAfter(AutoCloseable resource) {
        resources.add(resource);
    }

    /** A client of {@code port}, with a read timeout; closed after the test. */
    Socket client(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        resources.add(socket);
        return socket;
    }

    /** Sends {@code message} and reads the reply's line (without its newline); "" at end of stream. */
    static String exchange(Socket client, String message) throws IOException {
        client.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        InputStream in = client.getInputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** A new client's exchange of one message through {@code port}; the client closes after. */
    String ask(int port, String message) throws IOException {
        try (Socket client = client(port)) {
            return exchange(client, message);
        }
    }

    /** GET {@code path} of the proxy's HTTP side (Actuator), the body. */
    static String get(ConfigurableApplicationContext proxy, String path) throws IOException, InterruptedException {
        int port = proxy.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A port that was free a moment ago (nothing listens on it). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String text(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        return inet.getHostString() + ":" + inet.getPort();
    }

    /** Closes what the test started, last first. */
    @Override
    public void afterEach(ExtensionContext test) throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
