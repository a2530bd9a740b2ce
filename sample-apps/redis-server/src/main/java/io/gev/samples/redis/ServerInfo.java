package io.gev.samples.redis;

import io.gev.GevServer;
import io.gev.RefusalReason;
import io.gev.ServerStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code INFO} reports, section by section, in Redis's format ({@code # Section} and {@code field:value} lines,
 * a blank line between sections). Its own sections are server, clients, memory, stats, replication and keyspace, with
 * Redis's field names where they apply; an {@link InfoSection} bean adds one (persistence) in Redis's order, or before
 * keyspace when Redis has no section of that name, or replaces one of the same name. Thread safe.
 */
public final class ServerInfo {

    /** Redis's sections, in its order. */
    private static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "keyspace");

    private final Keyspace keyspace;
    private final Supplier<GevServer> server;
    private final List<InfoSection> sections;
    private final long startMillis = System.currentTimeMillis();
    private volatile Counters baseline = Counters.ZERO;

    /** Reports on {@code keyspace} and the gev {@code server} (looked up when asked), with {@code extra} sections. */
    public ServerInfo(Keyspace keyspace, Supplier<GevServer> server, List<InfoSection> extra) {
        this.keyspace = keyspace;
        this.server = server;
        Map<String, InfoSection> byName = new LinkedHashMap<>();
        for (InfoSection section : List.of(section("Server", this::server), section("Clients", this::clients),
                section("Memory", this::memory), section("Stats", this::stats),
                section("Replication", this::replication), section("Keyspace", this::keyspaceFields))) {
            byName.put(section.name().toLowerCase(Locale.ROOT), section);
        }
        extra.forEach(section -> byName.put(section.name().toLowerCase(Locale.ROOT), section));
        this.sections = byName.values().stream().sorted(Comparator.comparingInt(ServerInfo::rank)).toList();
    }

    /** Where a section goes: in Redis's order; one Redis does not have goes just before keyspace. */
    private static int rank(InfoSection section) {
        int rank = ORDER.indexOf(section.name().toLowerCase(Locale.ROOT));
        return rank >= 0 ? 2 * rank : 2 * ORDER.indexOf("keyspace") - 1;
    }

    /**
     * The text of the sections named (in any case; {@code all}, {@code everything} and {@code default} or none: every
     * section), in the server's order; an unknown name adds nothing. Any thread.
     */
    public String text(List<String> names) {
        boolean all = names.isEmpty() || names.stream().anyMatch(n -> List.of("all", "everything", "default")
                .contains(n.toLowerCase(Locale.ROOT)));
        List<String> parts = new ArrayList<>();
        for (InfoSection section : sections) {
            if (all || names.stream().anyMatch(n -> n.equalsIgnoreCase(section.name()))) {
                StringBuilder text = new StringBuilder("# ").append(section.name()).append("\r\n");
                section.fields().forEach((field, value) ->
                        text.append(field).append(':').append(value).append("\r\n"));
                parts.add(text.toString());
            }
        }
        return String.join("\r\n", parts);
    }

    private Map<String, String> server() {
        long uptime = (System.currentTimeMillis() - startMillis) / 1000;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("redis_version", ServerIdentity.VERSION);
        fields.put("redis_mode", "standalone");
        fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        fields.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
        fields.put("multiplexing_api", "java.nio");
        fields.put("process_id", Long.toString(ProcessHandle.current().pid()));
        fields.put("tcp_port", Integer.toString(server.get().port()));
        fields.put("server_time_usec", Long.toString(System.currentTimeMillis() * 1000));
        fields.put("uptime_in_seconds", Long.toString(uptime));
        fields.put("uptime_in_days", Long.toString(uptime / 86_400));
        fields.put("executable", "");
        fields.put("config_file", "");
        return fields;
    }

    private Map<String, String> clients() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("connected_clients", Integer.toString(server.get().connectionCount()));
        fields.put("blocked_clients", "0");
        return fields;
    }

    private Map<String, String> memory() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("used_memory", Long.toString(used));
        fields.put("used_memory_human", human(used));
        fields.put("used_memory_peak", Long.toString(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
                .getCommitted()));
        fields.put("total_system_memory", Long.toString(runtime.maxMemory()));
        fields.put("maxmemory", "0");
        fields.put("maxmemory_human", "0B");
        fields.put("maxmemory_policy", "noeviction");
        fields.put("mem_allocator", "jvm");
        return fields;
    }

    /**
     * Starts the counters of the stats section again from zero ({@code CONFIG RESETSTAT}): the server's own counters
     * go on, INFO reports what they counted since. Any thread.
     */
    public void resetStats() {
        baseline = Counters.of(server.get().stats());
    }

    private Map<String, String> stats() {
        Counters now = Counters.of(server.get().stats());
        Counters since = baseline;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("total_connections_received", Long.toString(now.connections - since.connections));
        fields.put("total_commands_processed", Long.toString(now.commands - since.commands));
        fields.put("total_net_input_bytes", Long.toString(now.bytesIn - since.bytesIn));
        fields.put("total_net_output_bytes", Long.toString(now.bytesOut - since.bytesOut));
        fields.put("rejected_connections", Long.toString(now.refused - since.refused));
        return fields;
    }

    /** The server's counters that the stats section reports, at one moment. */
    private record Counters(long connections, long commands, long bytesIn, long bytesOut, long refused) {
        static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

        static Counters of(ServerStats stats) {
            long refused = 0;
            for (RefusalReason reason : RefusalReason.values()) {
                refused += stats.connectionsRefused(reason);
            }
            return new Counters(stats.connectionsAccepted(), stats.messagesReceived(), stats.bytesRead(),
                    stats.bytesWritten(), refused);
        }
    }

    private Map<String, String> replication() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("role", "master");
        fields.put("connected_slaves", "0");
        return fields;
    }

    /** {@code db0:keys=N,expires=M,avg_ttl=0} when there are keys: counting those that expire walks every key. */
    private Map<String, String> keyspaceFields() {
        long[] counts = new long[2];
        keyspace.forEach((key, value, deadline) -> {
            counts[0]++;
            counts[1] += deadline == Keyspace.NO_DEADLINE ? 0 : 1;
        });
        return counts[0] == 0 ? Map.of()
                : Map.of("db0", "keys=" + counts[0] + ",expires=" + counts[1] + ",avg_ttl=0");
    }

    /** Bytes as Redis shows them to people: {@code 1.50K}, {@code 2.00M}. */
    private static String human(long bytes) {
        String[] units = { "B", "K", "M", "G", "T" };
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    private static InfoSection section(String name, Supplier<Map<String, String>> fields) {
        return new InfoSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, String> fields() {
                return fields.get();
            }
        };
    }
}
