package io.gev.samples.redis;

/** Every command the server knows, by group, in one {@link CommandTable}. */
final class RedisCommands {

    private RedisCommands() {
    }

    /**
     * The table of every command, acting on {@code keyspace}; {@code CLIENT LIST} lists {@code clients}, {@code
     * CONFIG} and {@code INFO} report {@code config} and {@code info}; {@code BGREWRITEAOF} rewrites the file of
     * {@code persistence}, {@code SHUTDOWN} runs {@code shutdown}.
     */
    static CommandTable table(Keyspace keyspace, Clients clients, ServerConfig config, ServerInfo info,
            Persistence persistence, Runnable shutdown) {
        CommandTable table = new CommandTable();
        ConnectionCommands.addTo(table);
        ClientCommands.addTo(table, clients);
        MultiKeyWrites multiKeyWrites = new MultiKeyWrites(keyspace);
        StringCommands.addTo(table, keyspace, multiKeyWrites);
        KeyspaceCommands.addTo(table, keyspace, multiKeyWrites);
        ServerCommands.addTo(table, config, info);
        PersistenceCommands.addTo(table, persistence, shutdown);
        return table;
    }
}
