package io.gev.samples.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subcommands of a container command such as {@code CLIENT}, as Redis 7 dispatches them: word 1 names the
 * subcommand in any case; an unknown one is {@code ERR unknown subcommand '...'. Try CLIENT HELP.}; each has its own
 * arity, counted from the container's name, and its own wrong-arity error ({@code 'client|id'}). Filled once at start;
 * thread safe to use after that.
 */
final class Subcommands implements Command.Action {

    private record Subcommand(String fullName, String errorName, int arity, Command.Action action) {
    }

    private final String container;
    private final Map<String, Subcommand> byName = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The subcommands of the command called {@code container} (upper case). */
    Subcommands(String container) {
        this.container = container;
    }

    /** Adds subcommand {@code name} (upper case) of Redis's {@code arity} that runs {@code action}. */
    Subcommands add(String name, int arity, Command.Action action) {
        String fullName = container + "|" + name;
        byName.put(name, new Subcommand(fullName, fullName.toLowerCase(Locale.ROOT), arity, action));
        names.add(name);
        return this;
    }

    /** The names of the subcommands, in the order they were added. */
    List<String> names() {
        return List.copyOf(names);
    }

    /** Runs the subcommand of {@code request}, on the client's loop thread. */
    @Override
    public RespReply execute(Client client, Request request) {
        Subcommand subcommand = byName.get(request.upper(1));
        if (subcommand == null) {
            throw CommandException.unknownSubcommand(request);
        }
        int words = request.size();
        if (subcommand.arity >= 0 ? words != subcommand.arity : words < -subcommand.arity) {
            throw CommandException.wrongArity(subcommand.errorName);
        }
        client.ran(subcommand.fullName);
        return subcommand.action.execute(client, request);
    }
}
