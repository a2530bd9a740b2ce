package io.gev.samples.redis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The string commands: {@code GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX APPEND STRLEN INCR
 * INCRBY INCRBYFLOAT DECR DECRBY GETRANGE SETRANGE}. Each runs on its connection's loop thread; what is atomic is
 * {@link Keyspace}'s.
 */
final class StringCommands {

    /** Longest string a command may make, as Redis's {@code proto-max-bulk-len}: 512 MB. */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private static final String STRING = "string";

    private final Keyspace keyspace;
    private final MultiKeyWrites multiKeyWrites;

    private StringCommands(Keyspace keyspace, MultiKeyWrites multiKeyWrites) {
        this.keyspace = keyspace;
        this.multiKeyWrites = multiKeyWrites;
    }

    static void addTo(CommandTable table, Keyspace keyspace, MultiKeyWrites multiKeyWrites) {
        StringCommands c = new StringCommands(keyspace, multiKeyWrites);
        table.command("GET", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast")
                .doc(STRING, "1.0.0", "O(1)", "Returns the value of a key.").args("key:key")
                .run((client, request) -> keyspace.getReply(request.arg(1)));
        table.command("SET", -3, "write denyoom", 1, 1, 1).acl("@write @string @slow").keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Sets the value of a key, with an optional time to live and condition.")
                .args("key:key value:string condition[NX|XX] [GET] expiration[EX seconds:integer"
                        + "|PX milliseconds:integer|EXAT unix-time-seconds:unix-time"
                        + "|PXAT unix-time-milliseconds:unix-time|KEEPTTL]")
                .run(c::set);
        table.command("SETNX", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").keySpec("OW insert")
                .doc(STRING, "1.0.0", "O(1)", "Sets the value of a key only if it does not exist.")
                .args("key:key value:string").run(c::setnx);
        table.command("SETEX", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").keySpec("OW update")
                .doc(STRING, "2.0.0", "O(1)", "Sets the value and the time to live in seconds of a key.")
                .args("key:key seconds:integer value:string").run((client, request) -> c.setex(request, true));
        table.command("PSETEX", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").keySpec("OW update")
                .doc(STRING, "2.6.0", "O(1)", "Sets the value and the time to live in milliseconds of a key.")
                .args("key:key milliseconds:integer value:string")
                .run((client, request) -> c.setex(request, false));
        table.command("GETSET", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast")
                .keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Sets the value of a key and returns the value it had.")
                .args("key:key value:string").run(c::getset);
        table.command("GETDEL", 2, "write fast", 1, 1, 1).acl("@write @string @fast").keySpec("RW access delete")
                .doc(STRING, "6.2.0", "O(1)", "Returns the value of a key and deletes it.")
                .args("key:key").run((client, request) -> RespReply.bulk(keyspace.getAndDelete(request.arg(1))));
        table.command("GETEX", -2, "write fast", 1, 1, 1).acl("@write @string @fast").keySpec("RW access update")
                .doc(STRING, "6.2.0", "O(1)", "Returns the value of a key and sets or removes its time to live.")
                .args("key:key expiration[EX seconds:integer|PX milliseconds:integer"
                        + "|EXAT unix-time-seconds:unix-time|PXAT unix-time-milliseconds:unix-time|PERSIST]")
                .run(c::getex);
        table.command("MGET", -2, "readonly fast", 1, -1, 1).acl("@read @string @fast").keySpec("RO access")
                .tips("request_policy:multi_shard")
                .doc(STRING, "1.0.0", "O(N) where N is the number of keys to retrieve.", "Returns the values of keys.")
                .args("key:key...").run(c::mget);
        table.command("MSET", -3, "write denyoom", 1, -1, 2).acl("@write @string @slow").keySpec("OW update")
                .tips("request_policy:multi_shard response_policy:all_succeeded")
                .doc(STRING, "1.0.1", "O(N) where N is the number of keys to set.", "Sets the values of keys.")
                .args("key_value(key:key value:string)...").run(c::mset);
        table.command("MSETNX", -3, "write denyoom", 1, -1, 2).acl("@write @string @slow").keySpec("OW insert")
                .tips("request_policy:multi_shard response_policy:agg_min")
                .doc(STRING, "1.0.1", "O(N) where N is the number of keys to set.",
                        "Sets the values of keys only if none of them exists.")
                .args("key_value(key:key value:string)...").run(c::msetnx);
        addCounters(table, c);
        addLengthsAndRanges(table, c);
    }

    private static void addLengthsAndRanges(CommandTable table, StringCommands c) {
        table.command("APPEND", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").keySpec("RW insert")
                .doc(STRING, "2.0.0", "O(1)", "Appends a string to the value of a key; returns the new length.")
                .args("key:key value:string").run(c::append);
        table.command("STRLEN", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast").keySpec("RO")
                .doc(STRING, "2.2.0", "O(1)", "Returns the length of the value of a key.").args("key:key")
                .run(c::strlen);
        table.command("GETRANGE", 4, "readonly", 1, 1, 1).acl("@read @string @slow").keySpec("RO access")
                .doc(STRING, "2.4.0", "O(N) where N is the length of the returned string.",
                        "Returns a substring of the value of a key.")
                .args("key:key start:integer end:integer").run(c::getrange);
        table.command("SETRANGE", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").keySpec("RW update")
                .doc(STRING, "2.2.0", "O(1), not counting the time to copy the new string in place.",
                        "Overwrites part of the value of a key from an offset; returns the new length.")
                .args("key:key offset:integer value:string").run(c::setrange);
    }

    private static void addCounters(CommandTable table, StringCommands c) {
        String summary = " the integer value of a key by %s; a missing key counts as 0.";
        table.command("INCR", 2, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Increments" + summary.formatted("one")).args("key:key")
                .run((client, request) -> c.add(request, 1));
        table.command("DECR", 2, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Decrements" + summary.formatted("one")).args("key:key")
                .run((client, request) -> c.add(request, -1));
        table.command("INCRBY", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast")
                .keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Increments" + summary.formatted("a number"))
                .args("key:key increment:integer")
                .run((client, request) -> c.add(request, Arguments.integer(request.arg(2))));
        table.command("INCRBYFLOAT", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast")
                .keySpec("RW access update")
                .doc(STRING, "2.6.0", "O(1)", "Increments the number value of a key by a floating point number; "
                        + "a missing key counts as 0.").args("key:key increment:double").run(c::incrbyfloat);
        table.command("DECRBY", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast")
                .keySpec("RW access update")
                .doc(STRING, "1.0.0", "O(1)", "Decrements" + summary.formatted("a number"))
                .args("key:key decrement:integer").run(c::decrby);
    }

    /** {@code SET key value [options]}: {@code +OK}, nil when NX or XX stopped it, the old value with GET. */
    private RespReply set(Client client, Request request) {
        if (request.size() == 3) {
            keyspace.set(request.arg(1), request.arg(2)); // the hot path: no option, nothing to allocate
            return RespReply.OK;
        }
        SetOptions options = SetOptions.parse(request, 3, SetOptions.For.SET);
        long deadline = options.deadline(keyspace.now(), "set");
        SetResult written = keyspace.set(request.arg(1), request.arg(2), deadline, options.condition,
                options.keepTtl);
        if (options.get) {
            return RespReply.bulk(written.previous());
        }
        return written.written() ? RespReply.OK : RespReply.NULL;
    }

    private RespReply setnx(Client client, Request request) {
        boolean written = keyspace.set(request.arg(1), request.arg(2), Keyspace.NO_DEADLINE,
                SetCondition.IF_ABSENT, false).written();
        return RespReply.integer(written ? 1 : 0);
    }

    /** {@code SETEX key seconds value} and {@code PSETEX key milliseconds value}. */
    private RespReply setex(Request request, boolean seconds) {
        long millis = Arguments.integer(request.arg(2));
        String name = seconds ? "setex" : "psetex";
        if (millis <= 0 || seconds && millis > Long.MAX_VALUE / 1000) {
            throw CommandException.invalidExpireTime(name);
        }
        long deadline = (seconds ? millis * 1000 : millis) + keyspace.now();
        if (deadline <= 0) {
            throw CommandException.invalidExpireTime(name);
        }
        keyspace.set(request.arg(1), request.arg(3), deadline, SetCondition.ALWAYS, false);
        return RespReply.OK;
    }

    private RespReply getset(Client client, Request request) {
        return RespReply.bulk(keyspace.set(request.arg(1), request.arg(2), Keyspace.NO_DEADLINE,
                SetCondition.ALWAYS, false).previous());
    }

    /**
     * {@code GETEX key [EX|PX|EXAT|PXAT time|PERSIST]}: the value; the time is checked only if the key exists, as
     * Redis does. The read and the new expiry are two steps: a write from another loop may come between them.
     */
    private RespReply getex(Client client, Request request) {
        SetOptions options = SetOptions.parse(request, 2, SetOptions.For.GETEX);
        byte[] key = request.arg(1);
        byte[] value = keyspace.get(key);
        if (value == null) {
            return RespReply.NULL;
        }
        if (options.persist) {
            keyspace.persist(key);
        } else if (options.expire != SetOptions.Expire.NONE) {
            keyspace.expire(key, options.deadline(keyspace.now(), "getex"), deadline -> true);
        }
        return RespReply.bulk(value);
    }

    private RespReply mget(Client client, Request request) {
        List<RespReply> values = new ArrayList<>(request.size() - 1);
        for (int i = 1; i < request.size(); i++) {
            values.add(keyspace.getReply(request.arg(i)));
        }
        return RespReply.array(values);
    }

    private RespReply mset(Client client, Request request) {
        multiKeyWrites.setAll(keysAndValues(request));
        return RespReply.OK;
    }

    private RespReply msetnx(Client client, Request request) {
        return RespReply.integer(multiKeyWrites.setAllIfAbsent(keysAndValues(request)) ? 1 : 0);
    }

    /** Words 1.. of an MSET-like request, which must come in pairs. */
    private static List<byte[]> keysAndValues(Request request) {
        if (request.size() % 2 == 0) {
            throw CommandException.wrongArity(request.text(0).toLowerCase(Locale.ROOT));
        }
        return request.args(1);
    }

    private RespReply append(Client client, Request request) {
        byte[] suffix = request.arg(2);
        byte[] stored = keyspace.modify(request.arg(1), value -> {
            if (value == null) {
                return suffix;
            }
            checkLength(value.length + (long) suffix.length);
            byte[] joined = Arrays.copyOf(value, value.length + suffix.length);
            System.arraycopy(suffix, 0, joined, value.length, suffix.length);
            return joined;
        });
        return RespReply.integer(stored.length);
    }

    private RespReply strlen(Client client, Request request) {
        byte[] value = keyspace.get(request.arg(1));
        return RespReply.integer(value == null ? 0 : value.length);
    }

    private RespReply add(Request request, long delta) {
        try {
            return RespReply.integer(keyspace.increment(request.arg(1), delta));
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
    }

    private RespReply decrby(Client client, Request request) {
        long decrement = Arguments.integer(request.arg(2));
        if (decrement == Long.MIN_VALUE) {
            throw new CommandException("ERR decrement would overflow");
        }
        return add(request, -decrement);
    }

    /**
     * {@code INCRBYFLOAT key increment}: the new value, computed and written as Redis does in {@code long double}
     * ({@link LongDouble}); the stored value is read before the increment, as Redis reads them.
     */
    private RespReply incrbyfloat(Client client, Request request) {
        byte[] stored = keyspace.modify(request.arg(1), value -> {
            try {
                BigDecimal current = value == null ? BigDecimal.ZERO : LongDouble.parse(value);
                return LongDouble.format(LongDouble.add(current, LongDouble.parse(request.arg(2))));
            } catch (LongDouble.NotFiniteException e) {
                throw new CommandException("ERR increment would produce NaN or Infinity");
            } catch (NumberFormatException e) {
                throw new CommandException("ERR value is not a valid float");
            }
        });
        return RespReply.bulk(stored);
    }

    /** {@code GETRANGE key start end}: the bytes from start to end, both included, counted from the end if < 0. */
    private RespReply getrange(Client client, Request request) {
        long start = Arguments.integer(request.arg(2));
        long end = Arguments.integer(request.arg(3));
        byte[] value = keyspace.get(request.arg(1));
        int length = value == null ? 0 : value.length;
        if (start < 0 && end < 0 && start > end) {
            return RespReply.bulk(new byte[0]);
        }
        start = Math.max(0, start < 0 ? length + start : start);
        end = Math.max(0, end < 0 ? length + end : end);
        end = Math.min(end, length - 1L);
        if (start > end || length == 0) {
            return RespReply.bulk(new byte[0]);
        }
        return RespReply.bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    /** {@code SETRANGE key offset value}: the new length; zero bytes fill a gap, an empty value changes nothing. */
    private RespReply setrange(Client client, Request request) {
        long offset = Arguments.integer(request.arg(2));
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] patch = request.arg(3);
        byte[] stored = keyspace.modify(request.arg(1), value -> {
            if (patch.length == 0) {
                return null;
            }
            checkLength(offset + patch.length);
            int length = value == null ? 0 : value.length;
            int newLength = (int) Math.max(length, offset + patch.length);
            byte[] next = value == null ? new byte[newLength] : Arrays.copyOf(value, newLength);
            System.arraycopy(patch, 0, next, (int) offset, patch.length);
            return next;
        });
        return RespReply.integer(stored == null ? 0 : stored.length);
    }

    private static void checkLength(long length) {
        if (length > MAX_STRING) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }
}
