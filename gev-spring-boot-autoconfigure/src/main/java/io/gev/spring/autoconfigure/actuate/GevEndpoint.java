package io.gev.spring.autoconfigure.actuate;

import io.gev.ConnectionInfo;
import io.gev.GevServer;
import io.gev.LoopInfo;
import io.gev.RefusalReason;
import io.gev.ServerStats;
import io.gev.spring.autoconfigure.GevServers;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code gev} ({@code /actuator/gev} when exposed): every server with its state, effective
 * settings, totals, loops and a bounded list of live connections; {@code /actuator/gev/{name}} for one server ({@code default} for the default
 * server).
 */
@Endpoint(id = "gev")
public class GevEndpoint {

    /** Connections listed per server at most. */
    public static final int MAX_CONNECTIONS = 100;

    private final GevServers servers;

    public GevEndpoint(GevServers servers) {
        this.servers = servers;
    }

    /** Every server, by display name. */
    @ReadOperation
    public Map<String, ServerDescription> servers() {
        Map<String, ServerDescription> out = new LinkedHashMap<>();
        servers.asMap().forEach((name, server) -> out.put(name, describe(server)));
        return out;
    }

    /** One server by display name, or null (404) when there is none. */
    @ReadOperation
    public ServerDescription server(@Selector String name) {
        GevServer server = servers.get(name);
        return server == null ? null : describe(server);
    }

    private static ServerDescription describe(GevServer server) {
        ServerStats s = server.stats();

        List<ConnectionDescription> connections = server.connections(MAX_CONNECTIONS).stream()
                .map(GevEndpoint::describe).toList();
        return new ServerDescription(server.state().name(), GevServers.listenAddress(server),
                server.port(), GevServers.transport(server), server.isTls(), server.connectionCount(),
                s.bufferedBytes(), server.settings(),
                new Totals(s.connectionsAccepted(), refusals(s), s.connectionsClosed(), s.bytesRead(),
                        s.bytesWritten(), s.messagesReceived(), s.messagesSent(), s.protocolErrors(),
                        s.handlerErrors(), s.ioErrors(), s.outboundOverflows(), s.readTimeouts(), s.tlsHandshakes(),
                        s.tlsErrors(), s.handshakeTimeouts(), s.memoryOverruns(), s.loopStalls(),
                        s.datagramsDropped()),
                server.loopInfo(), connections);
    }

    private static Map<String, Long> refusals(ServerStats stats) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (RefusalReason reason : RefusalReason.values()) {
            out.put(reason.tag(), stats.connectionsRefused(reason));
        }
        return out;
    }

    private static ConnectionDescription describe(ConnectionInfo c) {
        return new ConnectionDescription(text(c.peerAddress()), text(c.localAddress()), c.age().toMillis(),
                c.readBufferLength(), c.writeBufferLength(), c.loop());
    }

    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /**
     * One server as the endpoint shows it: {@code connections} is how many are open (as in the health details and
     * each loop), {@code bufferedBytes} what they hold in their buffers now (input not decoded yet, output not written
     * yet; the figure the memory budget bounds), {@code settings} the server's effective settings (framing, limits,
     * timeouts; see {@link GevServer#settings()}), and {@code openConnections} up to {@value #MAX_CONNECTIONS} of them.
     */
    public record ServerDescription(String state, String address, int port, String transport, boolean tls,
            int connections, long bufferedBytes, Map<String, Object> settings,
            Totals totals,
            List<LoopInfo> loops, List<ConnectionDescription> openConnections) {
    }

    /**
     * Running totals of a server; {@code connectionsRefused} by reason ({@code max-connections},
     * {@code max-connections-per-ip}, {@code access}, {@code rate}).
     */
    public record Totals(long connectionsAccepted, Map<String, Long> connectionsRefused, long connectionsClosed,
            long bytesRead, long bytesWritten, long messagesReceived, long messagesSent, long decodeErrors,
            long handlerErrors, long ioErrors, long outboundOverflows, long readTimeouts, long tlsHandshakes,
            long tlsErrors, long handshakeTimeouts, long memoryOverruns, long loopStalls, long datagramsDropped) {
    }

    /** One live connection as the endpoint shows it. */
    public record ConnectionDescription(String peer, String local, long ageMillis, int readBufferLength,
            int writeBufferLength, int loop) {
    }
}
