package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each built-in {@link LoadBalancer} spreads real connections as it says. */
class LoadBalancerTest {

    /** Which loop thread each connection (by the client's local port) landed on. */
    private final Map<Integer, String> loopOf = new ConcurrentHashMap<>();
    private final List<TestClient> clients = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
    }

    private GevServer start(LoadBalancer balancer, int loops) {
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection c) {
                loopOf.put(((InetSocketAddress) c.peerAddress()).getPort(), Thread.currentThread().getName());
            }

            @Override
            public Object onMessage(Connection c, Object ctx, byte[] data) {
                return data;
            }
        };
        GevServer server = GevServer.builder(handler).address("127.0.0.1", 0).loops(loops).loadBalancer(balancer).build();
        server.start();
        return server;
    }

    private String connectAndLocate(String source, int port) throws Exception {
        TestClient c = TestClient.connect(source, port);
        clients.add(c);
        int localPort = ((InetSocketAddress) c.channel.getLocalAddress()).getPort();
        await().pollInterval(java.time.Duration.ofMillis(2)).until(() -> loopOf.containsKey(localPort));
        return loopOf.get(localPort);
    }

    @Test
    void roundRobinTakesTurns() throws Exception {
        try (GevServer server = start(LoadBalancer.roundRobin(), 3)) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                order.add(connectAndLocate(null, server.port()));
            }
            for (int i = 3; i < 30; i++) {
                assertThat(order.get(i)).isEqualTo(order.get(i - 3));
            }
            assertThat(order.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())))
                    .containsOnly(Map.entry("gev-loop-0", 10L), Map.entry("gev-loop-1", 10L), Map.entry("gev-loop-2", 10L));
        }
    }

    @Test
    void leastConnectionsFillsTheEmptiestLoop() throws Exception {
        try (GevServer server = start(LoadBalancer.leastConnections(), 3)) {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(connectAndLocate(null, server.port()));
            }
            assertThat(first).containsExactly("gev-loop-0", "gev-loop-1", "gev-loop-2");
            clients.remove(1).close();
            await().until(() -> server.connectionCount() == 2);
            assertThat(connectAndLocate(null, server.port())).isEqualTo("gev-loop-1");
            assertThat(connectAndLocate(null, server.port())).isEqualTo("gev-loop-0");
        }
    }

    @Test
    void sourceAddressHashKeepsEachAddressOnOneLoop() throws Exception {
        try (GevServer server = start(LoadBalancer.sourceAddressHash(), 4)) {
            Map<String, String> loopOfSource = new ConcurrentHashMap<>();
            for (int round = 0; round < 3; round++) {
                for (int host = 1; host <= 8; host++) {
                    String source = "127.0.0." + host;
                    String loop = connectAndLocate(source, server.port());
                    assertThat(loopOfSource.computeIfAbsent(source, s -> loop)).as(source).isEqualTo(loop);
                }
            }
            assertThat(loopOfSource.values().stream().distinct().count()).as("loops used by 8 addresses").isGreaterThan(1);
        }
    }

    @Test
    void builtInsChooseByTheirRules() {
        int[] counts = {5, 2, 7, 2};
        LoadBalancer.Loops loops = new LoadBalancer.Loops() {
            @Override
            public int size() {
                return counts.length;
            }

            @Override
            public int connectionCount(int index) {
                return counts[index];
            }
        };
        SocketAddress a = new InetSocketAddress("10.1.2.3", 4000);
        SocketAddress samehostOtherPort = new InetSocketAddress("10.1.2.3", 5000);
        assertThat(LoadBalancer.leastConnections().select(loops, a)).isEqualTo(1);
        LoadBalancer rr = LoadBalancer.roundRobin();
        assertThat(List.of(rr.select(loops, a), rr.select(loops, a), rr.select(loops, a), rr.select(loops, a),
                rr.select(loops, a))).containsExactly(0, 1, 2, 3, 0);
        LoadBalancer hash = LoadBalancer.sourceAddressHash();
        assertThat(hash.select(loops, a)).isEqualTo(hash.select(loops, samehostOtherPort)).isBetween(0, 3);
    }
}
