package io.gev.samples.redis;

/** Every command the server knows, by group, in one {@link CommandTable}. */
final class RedisCommands {

    private RedisCommands() {
    }

    /**
     * The table of every command, acting on {@code keyspace}; {@code CLIENT LIST} lists {@code clients}, {@code
     * CONFIG} and {@code INFO} report {@code config} and {@code info}.
     */
    static CommandTable table(Keyspace keyspace, Clients clients, ServerConfig config, ServerInfo info) {
        CommandTable table = new CommandTable();
        ConnectionCommands.addTo(table);
        ClientCommands.addTo(table, clients);
        StringCommands.addTo(table, keyspace);
        KeyspaceCommands.addTo(table, keyspace);
        ServerCommands.addTo(table, config, info);
        return table;
    }
}
