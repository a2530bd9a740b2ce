package io.gev.samples.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code INFO persistence}: Redis's fields as far as they apply (no RDB snapshots: those report nothing in progress),
 * and {@code aof_fsyncs}, the fsyncs of the append-only file since start (gev's own field). Thread safe.
 */
final class PersistenceInfo implements InfoSection {

    private final Persistence persistence;
    private final AppendOnlyFile aof;
    private final long startSeconds = System.currentTimeMillis() / 1000;

    PersistenceInfo(Persistence persistence, AppendOnlyFile aof) {
        this.persistence = persistence;
        this.aof = aof;
    }

    @Override
    public String name() {
        return "Persistence";
    }

    @Override
    public Map<String, String> fields() {
        AofStats stats = persistence.stats();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("loading", "0");
        fields.put("async_loading", "0");
        fields.put("rdb_changes_since_last_save", "0");
        fields.put("rdb_bgsave_in_progress", "0");
        fields.put("rdb_last_save_time", Long.toString(startSeconds));
        fields.put("aof_enabled", aof.enabled() ? "1" : "0");
        fields.put("aof_rewrite_in_progress", stats.rewriteInProgress() ? "1" : "0");
        fields.put("aof_rewrite_scheduled", "0");
        fields.put("aof_last_rewrite_time_sec", Long.toString(stats.lastRewriteTimeSec()));
        fields.put("aof_current_rewrite_time_sec", Long.toString(stats.currentRewriteTimeSec()));
        fields.put("aof_last_bgrewrite_status", stats.lastRewriteStatus());
        fields.put("aof_rewrites", Long.toString(stats.rewrites()));
        fields.put("aof_last_write_status", stats.lastWriteStatus());
        if (aof.enabled()) {
            fields.put("aof_current_size", Long.toString(stats.currentSize()));
            fields.put("aof_base_size", Long.toString(stats.baseSize()));
            fields.put("aof_pending_rewrite", "0");
            fields.put("aof_fsyncs", Long.toString(stats.fsyncs()));
        }
        return fields;
    }
}
