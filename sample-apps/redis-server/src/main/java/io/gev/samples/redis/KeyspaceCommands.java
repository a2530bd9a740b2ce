package io.gev.samples.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/** The commands on keys of any type: {@code DEL}, {@code EXISTS}, {@code EXPIRE}, {@code TTL}, {@code DBSIZE}, ... */
final class KeyspaceCommands {

    private final Keyspace keyspace;

    private KeyspaceCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    static void addTo(CommandTable table, Keyspace keyspace) {
        KeyspaceCommands commands = new KeyspaceCommands(keyspace);
        table.add("DEL", -2, "write", 1, -1, 1,
                (client, request) -> RespReply.integer(countKeys(request, keyspace::delete)));
        table.add("EXISTS", -2, "readonly fast", 1, -1, 1,
                (client, request) -> RespReply.integer(countKeys(request, keyspace::exists)));
        table.add("EXPIRE", 3, "write fast", 1, 1, 1, commands::expire);
        table.add("TTL", 2, "readonly fast", 1, 1, 1, commands::ttl);
        table.add("FLUSHALL", -1, "write", 0, 0, 0, commands::flushall);
        table.add("DBSIZE", 1, "readonly fast", 0, 0, 0, (client, request) -> RespReply.integer(keyspace.size()));
    }

    /** {@code EXPIRE key seconds}: 1 if the key exists (a time of 0 or less deletes it), else 0. */
    private RespReply expire(Client client, Request request) {
        Duration ttl = Arguments.timeToLive(request.arg(2), ChronoUnit.SECONDS, "expire");
        return RespReply.integer(keyspace.expire(request.arg(1), ttl) ? 1 : 0);
    }

    /** {@code TTL key}: whole seconds left (rounded), -1 without expiry, -2 for no key. */
    private RespReply ttl(Client client, Request request) {
        long millis = keyspace.ttlMillis(request.arg(1));
        return RespReply.integer(millis < 0 ? millis : (millis + 500) / 1000);
    }

    private RespReply flushall(Client client, Request request) {
        if (request.size() > 2
                || request.size() == 2 && !request.upper(1).equals("ASYNC") && !request.upper(1).equals("SYNC")) {
            throw CommandException.syntax();
        }
        keyspace.clear();
        return RespReply.OK;
    }

    /** How many of the keys in words 1.. {@code test} holds for (each word counted, repeated or not). */
    private static long countKeys(Request request, Predicate<byte[]> test) {
        long count = 0;
        for (int i = 1; i < request.size(); i++) {
            if (test.test(request.arg(i))) {
                count++;
            }
        }
        return count;
    }
}
