package io.gev.samples.redis;

/** Every command the server knows, by group, in one {@link CommandTable}. */
final class RedisCommands {

    private RedisCommands() {
    }

    /** The table of every command, acting on {@code keyspace}. */
    static CommandTable table(Keyspace keyspace) {
        CommandTable table = new CommandTable();
        ConnectionCommands.addTo(table);
        StringCommands.addTo(table, keyspace);
        KeyspaceCommands.addTo(table, keyspace);
        ServerCommands.addTo(table);
        return table;
    }
}
