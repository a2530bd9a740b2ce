package io.gev.samples.redis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The commands on keys of any type: {@code DEL UNLINK EXISTS TYPE KEYS SCAN RENAME RENAMENX EXPIRE PEXPIRE EXPIREAT
 * PEXPIREAT PERSIST TTL PTTL EXPIRETIME PEXPIRETIME DBSIZE FLUSHDB FLUSHALL}. Each runs on its connection's loop
 * thread; what is atomic is {@link Keyspace}'s.
 */
final class KeyspaceCommands {

    private static final String GENERIC = "generic";
    private static final String SERVER = "server";
    private static final BigInteger MAX_CURSOR = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Keyspace keyspace;
    private final MultiKeyWrites multiKeyWrites;

    private KeyspaceCommands(Keyspace keyspace, MultiKeyWrites multiKeyWrites) {
        this.keyspace = keyspace;
        this.multiKeyWrites = multiKeyWrites;
    }

    static void addTo(CommandTable table, Keyspace keyspace, MultiKeyWrites multiKeyWrites) {
        KeyspaceCommands c = new KeyspaceCommands(keyspace, multiKeyWrites);
        table.command("DEL", -2, "write", 1, -1, 1).acl("@keyspace @write @slow").keySpec("RM delete")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .doc(GENERIC, "1.0.0", "O(N) where N is the number of keys.", "Deletes keys; returns how many existed.")
                .args("key:key...").run((client, request) -> count(request, keyspace::delete));
        table.command("UNLINK", -2, "write fast", 1, -1, 1).acl("@keyspace @write @fast").keySpec("RM delete")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .doc(GENERIC, "4.0.0", "O(1) for each key.", "Deletes keys, as DEL; returns how many there were.")
                .args("key:key...").run((client, request) -> count(request, keyspace::delete));
        table.command("EXISTS", -2, "readonly fast", 1, -1, 1).acl("@keyspace @read @fast").keySpec("RO")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .doc(GENERIC, "1.0.0", "O(N) where N is the number of keys.", "Counts the keys that exist.")
                .args("key:key...").run((client, request) -> count(request, keyspace::exists));
        table.command("TYPE", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").keySpec("RO")
                .doc(GENERIC, "1.0.0", "O(1)", "Returns the type of the value of a key: string, or none.")
                .args("key:key").run((client, request) ->
                        RespReply.simple(keyspace.exists(request.arg(1)) ? "string" : "none"));
        table.command("KEYS", 2, "readonly", 0, 0, 0).acl("@keyspace @read @slow @dangerous")
                .tips("request_policy:all_shards nondeterministic_output_order")
                .doc(GENERIC, "1.0.0", "O(N) with N being the number of keys in the database.",
                        "Returns the keys that match a pattern.")
                .args("pattern:pattern").run(c::keys);
        table.command("SCAN", -2, "readonly", 0, 0, 0).acl("@keyspace @read @slow")
                .tips("nondeterministic_output request_policy:special")
                .doc(GENERIC, "2.8.0", "O(1) for every call. O(N) for a complete iteration.",
                        "Iterates over the keys, a few at a time.")
                .args("cursor:integer [MATCH pattern:pattern] [COUNT count:integer] [TYPE type:string]")
                .run(c::scan);
        table.command("RENAME", 3, "write", 1, 2, 1).acl("@keyspace @write @slow")
                .keySpec("RW access delete", "OW update")
                .doc(GENERIC, "1.0.0", "O(1)", "Renames a key, replacing the key of the new name.")
                .args("key:key newkey:key").run((client, request) -> c.rename(request, false));
        table.command("RENAMENX", 3, "write fast", 1, 2, 1).acl("@keyspace @write @fast")
                .keySpec("RW access delete", "OW insert")
                .doc(GENERIC, "1.0.0", "O(1)", "Renames a key only if no key has the new name.")
                .args("key:key newkey:key").run((client, request) -> c.rename(request, true));
        addExpiry(table, c);
        table.command("DBSIZE", 1, "readonly fast", 0, 0, 0).acl("@keyspace @read @fast")
                .tips("request_policy:all_shards response_policy:agg_sum")
                .doc(SERVER, "1.0.0", "O(1)", "Returns the number of keys.")
                .run((client, request) -> RespReply.integer(keyspace.size()));
        for (String flush : new String[] { "FLUSHDB", "FLUSHALL" }) {
            table.command(flush, -1, "write", 0, 0, 0).acl("@keyspace @write @slow @dangerous")
                    .tips("request_policy:all_shards response_policy:all_succeeded")
                    .doc(SERVER, "1.0.0", "O(N) where N is the number of keys.", "Deletes every key.")
                    .args("async[ASYNC|SYNC]").run(c::flush);
        }
    }

    private static void addExpiry(CommandTable table, KeyspaceCommands c) {
        String options = " condition[NX|XX|GT|LT]";
        String complexity = "O(1)";
        table.command("EXPIRE", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast")
                .doc(GENERIC, "1.0.0", complexity, "Sets the time to live of a key in seconds.")
                .args("key:key seconds:integer" + options).run((client, r) -> c.expire(r, true, true, "expire"));
        table.command("PEXPIRE", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast")
                .doc(GENERIC, "2.6.0", complexity, "Sets the time to live of a key in milliseconds.")
                .args("key:key milliseconds:integer" + options)
                .run((client, r) -> c.expire(r, false, true, "pexpire"));
        table.command("EXPIREAT", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast")
                .doc(GENERIC, "1.2.0", complexity, "Sets the expiry of a key as a Unix time in seconds.")
                .args("key:key unix-time-seconds:unix-time" + options)
                .run((client, r) -> c.expire(r, true, false, "expireat"));
        table.command("PEXPIREAT", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast")
                .doc(GENERIC, "2.6.0", complexity, "Sets the expiry of a key as a Unix time in milliseconds.")
                .args("key:key unix-time-milliseconds:unix-time" + options)
                .run((client, r) -> c.expire(r, false, false, "pexpireat"));
        table.command("PERSIST", 2, "write fast", 1, 1, 1).acl("@keyspace @write @fast")
                .doc(GENERIC, "2.2.0", complexity, "Removes the time to live of a key.").args("key:key")
                .run((client, r) -> RespReply.integer(c.keyspace.persist(r.arg(1)) ? 1 : 0));
        table.command("TTL", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").keySpec("RO access")
                .tips("nondeterministic_output")
                .doc(GENERIC, "1.0.0", complexity, "Returns the seconds a key has left to live.").args("key:key")
                .run((client, r) -> c.ttl(r, false, false));
        table.command("PTTL", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").keySpec("RO access")
                .tips("nondeterministic_output")
                .doc(GENERIC, "2.6.0", complexity, "Returns the milliseconds a key has left to live.")
                .args("key:key").run((client, r) -> c.ttl(r, true, false));
        table.command("EXPIRETIME", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast")
                .doc(GENERIC, "7.0.0", complexity, "Returns the expiry of a key as a Unix time in seconds.")
                .args("key:key").run((client, r) -> c.ttl(r, false, true));
        table.command("PEXPIRETIME", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast")
                .doc(GENERIC, "7.0.0", complexity, "Returns the expiry of a key as a Unix time in milliseconds.")
                .args("key:key").run((client, r) -> c.ttl(r, true, true));
    }

    /** {@code KEYS pattern}: every key that matches, in no particular order. */
    private RespReply keys(Client client, Request request) {
        Glob glob = new Glob(request.arg(1), false);
        List<RespReply> keys = new ArrayList<>();
        keyspace.forEach((key, value, deadline) -> {
            if (glob.matchesAll() || glob.matches(key)) {
                keys.add(RespReply.bulk(key));
            }
        });
        return RespReply.array(keys);
    }

    /** {@code SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]}: the next cursor and a few keys. */
    private RespReply scan(Client client, Request request) {
        long cursor = cursor(request.text(1));
        Glob glob = null;
        long count = 10;
        boolean strings = true;
        for (int i = 2; i < request.size(); i++) {
            String option = request.upper(i);
            if (i + 1 == request.size()) {
                throw CommandException.syntax();
            } else if (option.equals("COUNT")) {
                count = Arguments.integer(request.arg(++i));
                if (count < 1) {
                    throw CommandException.syntax();
                }
            } else if (option.equals("MATCH")) {
                glob = new Glob(request.arg(++i), false);
            } else if (option.equals("TYPE")) {
                strings = request.upper(++i).equals("STRING");
            } else {
                throw CommandException.syntax();
            }
        }
        List<byte[]> found = new ArrayList<>();
        long next = keyspace.scan(cursor, count, found);
        List<RespReply> keys = new ArrayList<>(found.size());
        for (byte[] key : found) {
            if (strings && (glob == null || glob.matchesAll() || glob.matches(key))) {
                keys.add(RespReply.bulk(key));
            }
        }
        return RespReply.array(List.of(RespReply.bulk(Long.toUnsignedString(next)), RespReply.array(keys)));
    }

    /**
     * A cursor as Redis reads it (an unsigned 64-bit number, an optional sign, nothing for 0); a negative one wraps
     * around, as in C, past every shard.
     */
    private static long cursor(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        String digits = text.substring(start);
        boolean valid = digits.chars().allMatch(ch -> ch >= '0' && ch <= '9') && (!digits.isEmpty() || start == 0);
        if (!valid || !digits.isEmpty() && new BigInteger(digits).compareTo(MAX_CURSOR) > 0) {
            throw new CommandException("ERR invalid cursor");
        }
        if (digits.isEmpty()) {
            return 0;
        }
        BigInteger value = new BigInteger(digits);
        return text.charAt(0) == '-' && value.signum() != 0 ? -1 : value.longValue();
    }

    private RespReply rename(Request request, boolean onlyIfAbsent) {
        int result = multiKeyWrites.rename(request.arg(1), request.arg(2), onlyIfAbsent);
        if (result < 0) {
            throw new CommandException("ERR no such key");
        }
        return onlyIfAbsent ? RespReply.integer(result) : RespReply.OK;
    }

    /**
     * {@code EXPIRE key time [NX|XX|GT|LT]} and its kin: 1 when the key exists and the condition holds (a time
     * not in the future deletes the key), else 0; options are read before the time, as Redis does.
     */
    private RespReply expire(Request request, boolean seconds, boolean relative, String name) {
        ExpireCondition condition = ExpireCondition.parse(request, 3);
        long when = Arguments.integer(request.arg(2));
        if (seconds && (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000)) {
            throw CommandException.invalidExpireTime(name);
        }
        when = seconds ? when * 1000 : when;
        long now = keyspace.now();
        if (relative && when > Long.MAX_VALUE - now) {
            throw CommandException.invalidExpireTime(name);
        }
        long deadline = relative ? when + now : when;
        boolean done = keyspace.expire(request.arg(1), Math.max(0, deadline), condition.forDeadline(deadline));
        return RespReply.integer(done ? 1 : 0); // a deadline of 0 or less is long past, whatever it was
    }

    /** {@code TTL}, {@code PTTL}, {@code EXPIRETIME}, {@code PEXPIRETIME}: -2 for no key, -1 for no expiry. */
    private RespReply ttl(Request request, boolean millis, boolean absolute) {
        long left = absolute ? keyspace.deadline(request.arg(1)) : keyspace.ttlMillis(request.arg(1));
        if (left < 0) {
            return RespReply.integer(left);
        }
        return RespReply.integer(millis ? left : (left + 500) / 1000);
    }

    private RespReply flush(Client client, Request request) {
        if (request.size() > 2
                || request.size() == 2 && !request.upper(1).equals("ASYNC") && !request.upper(1).equals("SYNC")) {
            throw CommandException.syntax();
        }
        keyspace.clear();
        return RespReply.OK;
    }

    /** How many of the keys in words 1.. {@code test} holds for (each word counted, repeated or not). */
    private static RespReply count(Request request, Predicate<byte[]> test) {
        long count = 0;
        for (int i = 1; i < request.size(); i++) {
            if (test.test(request.arg(i))) {
                count++;
            }
        }
        return RespReply.integer(count);
    }
}
