package io.gev.samples.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code COMMAND DOCS} says of a command: a one-line summary, the Redis version that introduced it, its group
 * ({@code string}, {@code generic}, {@code server}, {@code connection}), its complexity and its arguments. Immutable.
 *
 * @param summary    one line on what it does
 * @param since      the Redis version that introduced it
 * @param group      its group
 * @param complexity its time complexity
 * @param arguments  its arguments
 */
public record CommandDocs(String summary, String since, String group, String complexity,
        List<CommandArgument> arguments) {

    /** The documentation as a map of its fields, as {@code COMMAND DOCS} shows it. Any thread. */
    RespReply reply() {
        List<RespReply> fields = new ArrayList<>();
        field(fields, "summary", summary);
        field(fields, "since", since);
        field(fields, "group", group);
        field(fields, "complexity", complexity);
        if (!arguments.isEmpty()) {
            fields.add(RespReply.bulk("arguments"));
            fields.add(RespReply.array(arguments.stream().map(CommandArgument::reply).toList()));
        }
        return RespReply.map(fields);
    }

    private static void field(List<RespReply> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.add(RespReply.bulk(name));
            fields.add(RespReply.bulk(value));
        }
    }
}
