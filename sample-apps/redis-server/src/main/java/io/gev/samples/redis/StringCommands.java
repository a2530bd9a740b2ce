package io.gev.samples.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The string commands: {@code GET}, {@code SET}, {@code INCR}. */
final class StringCommands {

    private final Keyspace keyspace;

    private StringCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    static void addTo(CommandTable table, Keyspace keyspace) {
        StringCommands commands = new StringCommands(keyspace);
        table.add("GET", 2, "readonly fast", 1, 1, 1, (client, request) -> keyspace.getReply(request.arg(1)));
        table.add("SET", -3, "write denyoom", 1, 1, 1, commands::set);
        table.add("INCR", 2, "write denyoom fast", 1, 1, 1, commands::incr);
    }

    /** {@code SET key value [NX|XX] [EX seconds|PX milliseconds]}: {@code +OK}, or nil when NX or XX stopped it. */
    private RespReply set(Client client, Request request) {
        Keyspace.Condition condition = Keyspace.Condition.ALWAYS;
        Duration ttl = null;
        for (int i = 3; i < request.size(); i++) {
            String option = request.upper(i);
            if ((option.equals("NX") || option.equals("XX")) && condition == Keyspace.Condition.ALWAYS) {
                condition = option.equals("NX") ? Keyspace.Condition.IF_ABSENT : Keyspace.Condition.IF_PRESENT;
            } else if ((option.equals("EX") || option.equals("PX")) && ttl == null && i + 1 < request.size()) {
                ttl = Arguments.timeToLive(request.arg(++i),
                        option.equals("EX") ? ChronoUnit.SECONDS : ChronoUnit.MILLIS, "set");
                if (ttl.isNegative() || ttl.isZero()) {
                    throw CommandException.invalidExpireTime("set");
                }
            } else {
                throw CommandException.syntax();
            }
        }
        return keyspace.set(request.arg(1), request.arg(2), ttl, condition) ? RespReply.OK : RespReply.NULL;
    }

    private RespReply incr(Client client, Request request) {
        try {
            return RespReply.integer(keyspace.increment(request.arg(1), 1));
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
    }
}
