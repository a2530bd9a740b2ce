package io.gev.spring.autoconfigure.actuate;

import io.gev.GevServer;
import io.gev.LoopInfo;
import io.gev.spring.autoconfigure.GevServers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health contributor {@code gev}: UP while every server serves, OUT_OF_SERVICE while one is not started yet or
 * draining, DOWN if a loop thread of a running server died. Details per server: status, address, port, transport,
 * tls, loops, connections (always 0 for UDP).
 */
public class GevHealthIndicator extends AbstractHealthIndicator {

    private final GevServers servers;

    public GevHealthIndicator(GevServers servers) {
        super("gev health check failed");
        this.servers = servers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status overall = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, GevServer> e : servers.asMap().entrySet()) {
            GevServer server = e.getValue();
            Status status = statusOf(server);
            overall = worse(overall, status);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", status.getCode());
            detail.put("state", server.state().name());
            if (server.localAddress() != null) {
                detail.put("address", GevServers.listenAddress(server));
                detail.put("port", server.port());
            }
            detail.put("transport", GevServers.transport(server));
            detail.put("tls", server.isTls());
            detail.put("loops", server.loopCount());
            detail.put("connections", server.connectionCount());
            details.put(e.getKey(), detail);
        }
        builder.status(overall).withDetails(details);
    }

    private static Status statusOf(GevServer server) {
        return switch (server.state()) {
            case RUNNING -> server.loopInfo().stream().allMatch(LoopInfo::alive) ? Status.UP : Status.DOWN;
            case NEW, DRAINING, TERMINATED -> Status.OUT_OF_SERVICE;
        };
    }

    private static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status s) {
        if (Status.DOWN.equals(s)) {
            return 2;
        }
        return Status.OUT_OF_SERVICE.equals(s) ? 1 : 0;
    }
}
