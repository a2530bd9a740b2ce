package io.gev.spring.autoconfigure.actuate;

import io.gev.GevServer;
import io.gev.LoopInfo;
import io.gev.RefusalReason;
import io.gev.ServerStats;
import io.gev.spring.autoconfigure.GevServers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of every gev server, tagged {@code server}: functions over the counters the engine keeps on its
 * loops, read when a registry asks; the hot path never touches a meter.
 */
public class GevMetrics implements MeterBinder {

    private final GevServers servers;

    public GevMetrics(GevServers servers) {
        this.servers = servers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, GevServer> e : servers.asMap().entrySet()) {
            GevServer server = e.getValue();
            ServerStats stats = server.stats();
            Tags tags = Tags.of("server", e.getKey());
            Gauge.builder("gev.connections.active", server, GevServer::connectionCount)
                    .description("Open connections").baseUnit("connections").tags(tags).register(registry);
            counter(registry, "gev.connections.accepted", "Connections accepted", null, tags, stats,
                    ServerStats::connectionsAccepted);
            counter(registry, "gev.connections.closed", "Connections closed", null, tags, stats,
                    ServerStats::connectionsClosed);
            for (RefusalReason reason : RefusalReason.values()) {
                counter(registry, "gev.connections.refused",
                        "Connections refused before the handler saw them: by a connection limit, the access list or"
                                + " the connection rate per address",
                        null, tags.and("reason", reason.tag()), stats, st -> st.connectionsRefused(reason));
            }
            counter(registry, "gev.bytes.read", "Bytes read from sockets", BaseUnits.BYTES, tags, stats,
                    ServerStats::bytesRead);
            counter(registry, "gev.bytes.written", "Bytes written to sockets", BaseUnits.BYTES, tags, stats,
                    ServerStats::bytesWritten);
            counter(registry, "gev.messages.received", "Frames decoded and handled", null, tags, stats,
                    ServerStats::messagesReceived);
            counter(registry, "gev.messages.sent", "Messages packed for sending", null, tags, stats,
                    ServerStats::messagesSent);
            errors(registry, tags, stats, "decode", ServerStats::protocolErrors);
            errors(registry, tags, stats, "handler", ServerStats::handlerErrors);
            errors(registry, tags, stats, "io", ServerStats::ioErrors);
            errors(registry, tags, stats, "overflow", ServerStats::outboundOverflows);
            errors(registry, tags, stats, "read-timeout", ServerStats::readTimeouts);
            errors(registry, tags, stats, "tls", ServerStats::tlsErrors);
            errors(registry, tags, stats, "handshake-timeout", ServerStats::handshakeTimeouts);
            errors(registry, tags, stats, "memory", ServerStats::memoryOverruns);
            Gauge.builder("gev.buffered.bytes", stats, ServerStats::bufferedBytes)
                    .description("Bytes the connections hold in their buffers now: input not decoded yet and output"
                            + " not written yet")
                    .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
            counter(registry, "gev.tls.handshakes", "TLS handshakes completed", null, tags, stats,
                    ServerStats::tlsHandshakes);
            counter(registry, "gev.datagrams.dropped",
                    "Datagrams dropped: longer than the maximum datagram size, or replies the socket had no room for",
                    null, tags, stats, ServerStats::datagramsDropped);
            counter(registry, "gev.loop.stalls", "Loop passes that ran longer than the stall threshold", null, tags,
                    stats, ServerStats::loopStalls);
            for (int i = 0; i < server.loopCount(); i++) {
                int loop = i;
                Gauge.builder("gev.loop.tasks.pending", server, s -> pendingTasks(s, loop))
                        .description("Tasks queued for an event loop and not yet run")
                        .tags(tags.and("loop", Integer.toString(loop))).register(registry);
            }
        }
    }

    private static double pendingTasks(GevServer server, int loop) {
        List<LoopInfo> loops = server.loopInfo();
        return loop < loops.size() ? loops.get(loop).pendingTasks() : 0;
    }

    private static void errors(MeterRegistry registry, Tags tags, ServerStats stats, String type,
            ToDoubleFunction<ServerStats> value) {
        counter(registry, "gev.errors", "Errors, each of which closed a connection (io also counts failed accepts;"
                + " memory counts the times the memory budget was passed: pauses of reading and connections closed)",
                null, tags.and("type", type), stats, value);
    }

    private static void counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
            ServerStats stats, ToDoubleFunction<ServerStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).baseUnit(unit).tags(tags)
                .register(registry);
    }
}
