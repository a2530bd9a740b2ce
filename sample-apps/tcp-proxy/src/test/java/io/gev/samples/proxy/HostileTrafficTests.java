package io.gev.samples.proxy;

import static io.gev.samples.proxy.ProxyFixture.freePort;
import static io.gev.samples.proxy.ProxyFixture.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.GevServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The proxy against clients and upstreams that misbehave: a flood with every upstream down, resets mid-stream, silent
 * peers.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileTrafficTests {

    private static final int FLOOD = 1000;
    private static final int TURNS = 20;
    /** Health checks out of the way: only what the test does reaches the upstreams. */
    private static final String NO_CHECKS = "--proxy.health.interval=1h";

    @RegisterExtension
    final ProxyFixture fixture = new ProxyFixture();

    @Test
    void aFloodOfClientsWithEveryUpstreamDownIsClosedCountedAndLoggedOnce(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext proxy = fixture.proxy("--proxy.upstreams=127.0.0.1:" + freePort()
                + ",127.0.0.1:" + freePort(), NO_CHECKS, "--proxy.health.fall=1");
        for (int i = 0; i < FLOOD; i++) {
            try (Socket client = fixture.client(port(proxy))) {
                assertThat(client.getInputStream().read()).as("client %d", i).isEqualTo(-1);
            }
        }
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        await().until(() -> upstreams.unservedClients() == FLOOD);
        assertThat(upstreams.all()).noneMatch(Upstream::isUp);
        assertThat(output.getAll().lines().filter(line -> line.contains(UpstreamDialer.class.getName())))
                .as("the dialer's log lines").singleElement().asString()
                .contains("closing it, and the clients after it");
    }

    /**
     * Clients served and refused by turns (an upstream that answers, and one that refuses yet stays in, with one
     * attempt per client), as while the proxy is short of file descriptors: each refused client is the first of its
     * run, and only the first is logged within the interval.
     */
    @Test
    void clientsServedAndRefusedByTurnsAreLoggedOncePerInterval(CapturedOutput output) throws Exception {
        GevServer answering = fixture.named("a", 0);
        ConfigurableApplicationContext proxy = fixture.proxy("--proxy.upstreams=127.0.0.1:" + answering.port()
                + ",127.0.0.1:" + freePort(), NO_CHECKS, "--proxy.health.fall=1000", "--proxy.connect-attempts=1");
        int served = 0;
        for (int i = 0; i < 2 * TURNS; i++) {
            try (Socket client = fixture.client(port(proxy))) {
                client.getOutputStream().write('?');
                int first = client.getInputStream().read();
                served += first == 'a' ? 1 : 0;
                assertThat(first).as("client %d", i).isIn((int) 'a', -1);
            }
        }
        Upstreams upstreams = proxy.getBean(Upstreams.class);
        await().until(() -> upstreams.unservedClients() == TURNS);
        assertThat(served).isEqualTo(TURNS);
        assertThat(output.getAll().lines().filter(line -> line.contains(UpstreamDialer.class.getName())))
                .as("the dialer's log lines").singleElement().asString().contains("at most every 10 s");
    }

    @Test
    void aResetOnEitherSideMidStreamClosesTheOtherAndFreesTheSlots() throws Exception {
        ServerSocket upstreams = fixture.plainUpstream();
        ConfigurableApplicationContext proxy = fixture.proxy(NO_CHECKS, "--proxy.upstreams=" + address(upstreams));
        byte[] chunk = new byte[64 * 1024];

        Socket client = fixture.client(port(proxy)); // the upstream resets while the client streams to it
        try (Socket upstream = fixture.accept(upstreams)) {
            client.getOutputStream().write(chunk);
            upstream.getInputStream().readNBytes(1);
            upstream.setSoLinger(true, 0);
        }
        assertThat(readUntilClosed(client)).isTrue();

        Socket second = fixture.client(port(proxy)); // the client resets while the upstream streams to it
        Socket upstream = fixture.accept(upstreams);
        upstream.getOutputStream().write(chunk);
        second.getInputStream().readNBytes(1);
        second.setSoLinger(true, 0);
        second.close();
        assertThat(readUntilClosed(upstream)).isTrue();
        awaitNoneRelayed(proxy);
    }

    @Test
    void bothPeersEndingTheirStreamsAtOnceCloseTheRelay() throws Exception {
        ServerSocket upstreams = fixture.plainUpstream();
        ConfigurableApplicationContext proxy = fixture.proxy(NO_CHECKS, "--proxy.upstreams=" + address(upstreams));
        Socket client = fixture.client(port(proxy));
        Socket upstream = fixture.accept(upstreams);
        client.getOutputStream().write('c');
        upstream.getOutputStream().write('u');
        client.shutdownOutput();
        upstream.shutdownOutput();
        assertThat(client.getInputStream().readAllBytes()).containsExactly('u');
        assertThat(upstream.getInputStream().readAllBytes()).containsExactly('c');
        awaitNoneRelayed(proxy);
    }

    @Test
    void badPROXYHeadersFromTheBalancerInFrontReachNoUpstream() throws Exception {
        GevServer upstream = fixture.addressEcho();
        ConfigurableApplicationContext proxy = fixture.proxy(NO_CHECKS, ProxyFixture.upstreams(upstream),
                "--proxy.send-proxy=v2", "--gev.proxy-protocol=required", "--gev.proxy-header-timeout=300ms");
        byte[] header = ProxyHeader.of(new InetSocketAddress("203.0.113.7", 4242),
                new InetSocketAddress("198.51.100.1", 443));
        byte[] unknownFamily = header.clone();
        unknownFamily[13] = 0x41;
        byte[] longerThanSent = header.clone();
        longerThanSent[14] = (byte) 0xFF;
        longerThanSent[15] = (byte) 0xFF;
        for (byte[] bad : List.of(Arrays.copyOf(header, 14), unknownFamily, longerThanSent, "GET / HTTP/1.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), new byte[0])) {
            Socket client = fixture.client(port(proxy));
            client.getOutputStream().write(bad);
            assertThat(readUntilClosed(client)).as("closed after %d bytes", bad.length).isTrue();
        }

        // TLVs after the addresses (a NOOP of 3 bytes, a unique id of 4) are skipped
        byte[] tlvs = { 0x04, 0x00, 0x03, 0, 0, 0, 0x05, 0x00, 0x04, 1, 2, 3, 4 };
        byte[] withTlvs = Arrays.copyOf(header, header.length + tlvs.length);
        System.arraycopy(tlvs, 0, withTlvs, header.length, tlvs.length);
        withTlvs[15] = (byte) (withTlvs[15] + tlvs.length);
        Socket client = fixture.client(port(proxy));
        client.getOutputStream().write(withTlvs);
        assertThat(ProxyFixture.exchange(client, "who am I?")).isEqualTo("203.0.113.7:4242");
        Socket local = fixture.client(port(proxy));
        local.getOutputStream().write(ProxyHeader.local());
        assertThat(ProxyFixture.exchange(local, "who am I?"))
                .isEqualTo(ProxyFixture.text(local.getLocalSocketAddress()));
        assertThat(upstream.stats().connectionsAccepted()).as("upstream connections").isEqualTo(2);
    }

    /** Reads until end of stream or a reset; false if neither came within the socket's read timeout. */
    private static boolean readUntilClosed(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read(new byte[8192]) >= 0) {
                // what was relayed before the reset
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void theSampleClosesRelaysOnWhichNothingMoves() throws Exception {
        ServerSocket silent = fixture.plainUpstream();
        ConfigurableApplicationContext proxy = fixture.proxy(NO_CHECKS, "--proxy.upstreams=" + address(silent));
        assertThat(proxy.getEnvironment().getProperty("gev.idle-timeout", Duration.class))
                .as("application.yml's gev.idle-timeout").isPositive();
        proxy.close();

        proxy = fixture.proxy(NO_CHECKS, "--proxy.upstreams=" + address(silent), "--gev.idle-timeout=300ms");
        Socket client = fixture.client(port(proxy)); // sends nothing
        Socket upstream = fixture.accept(silent); // reads nothing, answers nothing
        long start = System.nanoTime();
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(upstream.getInputStream().read()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        awaitNoneRelayed(proxy);
    }

    private static String address(ServerSocket upstream) {
        return "127.0.0.1:" + upstream.getLocalPort();
    }

    /** Waits until the proxy relays no client and its one upstream has no connection. */
    private static void awaitNoneRelayed(ConfigurableApplicationContext proxy) {
        Upstreams state = proxy.getBean(Upstreams.class);
        await().until(() -> state.clients() == 0 && state.all().get(0).activeConnections() == 0);
    }
}
