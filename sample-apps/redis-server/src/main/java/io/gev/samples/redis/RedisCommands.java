package io.gev.samples.redis;

import io.gev.Connection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The commands the server knows, by name, and what each does with the {@link Keyspace}; replies and errors as Redis
 * 7 gives them.
 */
public final class RedisCommands {

    private static final int ANY = Integer.MAX_VALUE;

    /**
     * What {@code CONFIG GET} reports: the two settings redis-benchmark asks for (there is no persistence), so that
     * it needs no warning.
     */
    private static final Map<String, String> CONFIG = configuration();

    private final Keyspace keyspace;
    /** The commands by the length of their name, so that a lookup compares a few names and allocates nothing. */
    private Command[][] byNameLength = new Command[0][];

    public RedisCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
        register("PING", 1, 2, this::ping);
        register("ECHO", 2, 2, (connection, request) -> RespReply.bulk(request.arg(1)));
        register("SET", 3, ANY, this::set);
        register("GET", 2, 2, (connection, request) -> keyspace.getReply(request.arg(1)));
        register("DEL", 2, ANY, (connection, request) -> RespReply.integer(countKeys(request, keyspace::delete)));
        register("EXISTS", 2, ANY, (connection, request) -> RespReply.integer(countKeys(request, keyspace::exists)));
        register("INCR", 2, 2, this::incr);
        register("EXPIRE", 3, 3, this::expire);
        register("TTL", 2, 2, this::ttl);
        register("FLUSHALL", 1, 2, this::flushall);
        register("DBSIZE", 1, 1, (connection, request) -> RespReply.integer(keyspace.size()));
        register("CONFIG", 2, ANY, this::config);
        register("COMMAND", 1, ANY, this::command);
        register("QUIT", 1, ANY, this::quit);
    }

    /** The command called {@code name}, in any case, or null. */
    public Command find(byte[] name) {
        if (name.length < byNameLength.length) {
            for (Command command : byNameLength[name.length]) {
                if (command.isNamed(name)) {
                    return command;
                }
            }
        }
        return null;
    }

    private void register(String name, int minWords, int maxWords, Command.Action action) {
        int length = name.length();
        if (length >= byNameLength.length) {
            byNameLength = Arrays.copyOf(byNameLength, length + 1);
        }
        Command[] same = byNameLength[length] == null ? new Command[0] : byNameLength[length];
        same = Arrays.copyOf(same, same.length + 1);
        same[same.length - 1] = new Command(name, minWords, maxWords, action);
        byNameLength[length] = same;
    }

    private RespReply ping(Connection connection, Request request) {
        return request.size() == 1 ? RespReply.PONG : RespReply.bulk(request.arg(1));
    }

    /** {@code SET key value [NX|XX] [EX seconds|PX milliseconds]}: {@code +OK}, or nil when NX or XX stopped it. */
    private RespReply set(Connection connection, Request request) {
        Keyspace.Condition condition = Keyspace.Condition.ALWAYS;
        Duration ttl = null;
        for (int i = 3; i < request.size(); i++) {
            String option = request.upper(i);
            if ((option.equals("NX") || option.equals("XX")) && condition == Keyspace.Condition.ALWAYS) {
                condition = option.equals("NX") ? Keyspace.Condition.IF_ABSENT : Keyspace.Condition.IF_PRESENT;
            } else if ((option.equals("EX") || option.equals("PX")) && ttl == null && i + 1 < request.size()) {
                ttl = timeToLive(request.arg(++i), option.equals("EX") ? ChronoUnit.SECONDS : ChronoUnit.MILLIS, "set");
                if (ttl.isNegative() || ttl.isZero()) {
                    throw CommandException.invalidExpireTime("set");
                }
            } else {
                throw CommandException.syntax();
            }
        }
        return keyspace.set(request.arg(1), request.arg(2), ttl, condition) ? RespReply.OK : RespReply.NULL_BULK;
    }

    private RespReply incr(Connection connection, Request request) {
        try {
            return RespReply.integer(keyspace.increment(request.arg(1), 1));
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
    }

    /** {@code EXPIRE key seconds}: 1 if the key exists (a time of 0 or less deletes it), else 0. */
    private RespReply expire(Connection connection, Request request) {
        Duration ttl = timeToLive(request.arg(2), ChronoUnit.SECONDS, "expire");
        return RespReply.integer(keyspace.expire(request.arg(1), ttl) ? 1 : 0);
    }

    /** {@code TTL key}: whole seconds left (rounded), -1 without expiry, -2 for no key. */
    private RespReply ttl(Connection connection, Request request) {
        long millis = keyspace.ttlMillis(request.arg(1));
        return RespReply.integer(millis < 0 ? millis : (millis + 500) / 1000);
    }

    private RespReply flushall(Connection connection, Request request) {
        if (request.size() == 2 && !request.upper(1).equals("ASYNC") && !request.upper(1).equals("SYNC")) {
            throw CommandException.syntax();
        }
        keyspace.clear();
        return RespReply.OK;
    }

    /** {@code CONFIG GET parameter...}: name and value of each parameter matched (by name, or all by {@code *}). */
    private RespReply config(Connection connection, Request request) {
        if (!request.upper(1).equals("GET")) {
            throw CommandException.unknownSubcommand(request);
        }
        if (request.size() < 3) {
            throw CommandException.wrongArity("config|get");
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < request.size(); i++) {
            String pattern = request.text(i);
            CONFIG.forEach((name, value) -> {
                if (pattern.equals("*") || pattern.equalsIgnoreCase(name)) {
                    found.put(name, value);
                }
            });
        }
        List<RespReply> reply = new ArrayList<>(found.size() * 2);
        found.forEach((name, value) -> {
            reply.add(RespReply.bulk(name));
            reply.add(RespReply.bulk(value));
        });
        return RespReply.array(reply);
    }

    /**
     * {@code COMMAND}, {@code COMMAND COUNT}, {@code COMMAND DOCS}: the server describes no command, consistently: an
     * empty list, 0 and no documentation. redis-cli asks for the documentation when it starts an interactive session
     * and then goes without command hints.
     */
    private RespReply command(Connection connection, Request request) {
        if (request.size() == 1) {
            return RespReply.EMPTY_ARRAY;
        }
        return switch (request.upper(1)) {
            case "COUNT" -> RespReply.integer(0);
            case "DOCS" -> RespReply.EMPTY_ARRAY;
            default -> throw CommandException.unknownSubcommand(request);
        };
    }

    /** {@code QUIT}: {@code +OK}, then the connection closes once the replies before it are written. */
    private RespReply quit(Connection connection, Request request) {
        connection.send(RespReply.OK);
        connection.close();
        return null;
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

    /** A time to live argument: a strict integer in {@code unit}, at most {@link Keyspace#MAX_TTL}. */
    private static Duration timeToLive(byte[] argument, ChronoUnit unit, String command) {
        long amount;
        try {
            amount = Longs.parse(argument);
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        }
        Duration ttl = Duration.of(amount, unit);
        if (ttl.compareTo(Keyspace.MAX_TTL) > 0) {
            throw CommandException.invalidExpireTime(command);
        }
        return ttl;
    }

    private static Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("save", "");
        config.put("appendonly", "no");
        return config;
    }
}
