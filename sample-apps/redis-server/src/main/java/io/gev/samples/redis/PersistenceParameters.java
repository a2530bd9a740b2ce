package io.gev.samples.redis;

import java.util.Locale;

/**
 * The persistence parameters of {@code CONFIG GET/SET}: {@code appendfsync} changes while the server runs, as in
 * Redis; {@code appendonly}, {@code dir}, {@code appendfilename} and the automatic rewrite's settings are read-only
 * here (set them as properties or arguments at start).
 */
final class PersistenceParameters {

    private PersistenceParameters() {
    }

    /** Registers the parameters in {@code config}. */
    static void register(ServerConfig config, AofSettings settings, AppendOnlyFile aof) {
        config.registerFixed("appendonly", settings.appendonly() ? "yes" : "no");
        config.register("appendfsync", () -> aof.policy().configName(), value -> aof.policy(policy(value)));
        config.registerFixed("dir", settings.file().toAbsolutePath().normalize().getParent().toString());
        config.registerFixed("appendfilename", settings.appendfilename());
        config.registerFixed("auto-aof-rewrite-percentage", Integer.toString(settings.autoAofRewritePercentage()));
        config.registerFixed("auto-aof-rewrite-min-size", Long.toString(settings.autoAofRewriteMinSize().toBytes()));
    }

    private static FsyncPolicy policy(String value) {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            if (policy.configName().equals(value.toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("argument(s) must be one of the following: everysec, always, no");
    }
}
