package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commands about the server: {@code INFO}, {@code CONFIG GET|SET} and {@code COMMAND} with {@code COUNT INFO DOCS
 * LIST}. Each runs on its connection's loop thread.
 */
final class ServerCommands {

    private static final String SERVER = "server";

    private final CommandTable table;
    private final ServerConfig config;
    private final ServerInfo info;
    private final Subcommands commandSubcommands = new Subcommands("COMMAND");

    private ServerCommands(CommandTable table, ServerConfig config, ServerInfo info) {
        this.table = table;
        this.config = config;
        this.info = info;
        commandSubcommands.add("COUNT", 2, (client, request) -> RespReply.integer(table.all().size()))
                .add("INFO", -2, this::commandInfo).add("DOCS", -2, this::docs).add("LIST", -2, this::list);
    }

    static void addTo(CommandTable table, ServerConfig config, ServerInfo info) {
        ServerCommands c = new ServerCommands(table, config, info);
        table.command("INFO", -1, "loading stale", 0, 0, 0).acl("@slow @dangerous")
                .tips("nondeterministic_output request_policy:all_shards response_policy:special")
                .doc(SERVER, "1.0.0", "O(1)", "Returns information and statistics about the server.")
                .args("[section:string...]").run(c::info);
        table.command("CONFIG", -2, "", 0, 0, 0).acl("@slow")
                .doc(SERVER, "2.0.0", "Depends on subcommand.", "Reads or changes the server's parameters: "
                        + "CONFIG GET parameter [parameter ...], CONFIG SET parameter value [parameter value ...], "
                        + "CONFIG RESETSTAT.")
                .run(new Subcommands("CONFIG").add("GET", -3, c::configGet).add("SET", -4, c::configSet)
                        .add("RESETSTAT", 2, (client, request) -> {
                            info.resetStats();
                            return RespReply.OK;
                        }));
        table.command("COMMAND", -1, "loading stale", 0, 0, 0).acl("@slow @connection")
                .tips("nondeterministic_output_order")
                .doc(SERVER, "2.8.13", "O(N) where N is the total number of commands",
                        "Describes the commands: COMMAND, COMMAND COUNT, COMMAND INFO [name ...], "
                                + "COMMAND DOCS [name ...], COMMAND LIST [FILTERBY ACLCAT category|PATTERN pattern].")
                .run(c::command);
    }

    /** {@code INFO [section ...]}: text, a verbatim string in RESP3. */
    private RespReply info(Client client, Request request) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < request.size(); i++) {
            sections.add(request.text(i));
        }
        return RespReply.verbatim(info.text(sections));
    }

    /** {@code CONFIG GET parameter...}: a map of the names and values of the parameters that match. */
    private RespReply configGet(Client client, Request request) {
        List<RespReply> pairs = new ArrayList<>();
        config.get(request.args(2)).forEach((name, value) -> {
            pairs.add(RespReply.bulk(name));
            pairs.add(RespReply.bulk(value));
        });
        return RespReply.map(pairs);
    }

    /** {@code CONFIG SET parameter value...}: all are set, or none. */
    private RespReply configSet(Client client, Request request) {
        if (request.size() % 2 != 0) {
            throw CommandException.syntax();
        }
        config.set(request.args(2));
        return RespReply.OK;
    }

    /** {@code COMMAND}: every command's {@code COMMAND INFO}; with a subcommand, what it says. */
    private RespReply command(Client client, Request request) {
        if (request.size() == 1) {
            return RespReply.array(table.all().stream().map(Command::info).toList());
        }
        return commandSubcommands.execute(client, request);
    }

    /** {@code COMMAND INFO [name ...]}: each one's description, nil for an unknown name; every one's without. */
    private RespReply commandInfo(Client client, Request request) {
        List<Command> commands = request.size() == 2 ? table.all() : named(request);
        return RespReply.array(commands.stream().map(c -> c == null ? RespReply.NULL : c.info()).toList());
    }

    /** {@code COMMAND DOCS [name ...]}: a map of each known command's name to its documentation. */
    private RespReply docs(Client client, Request request) {
        List<Command> commands = request.size() == 2 ? table.all() : named(request);
        List<RespReply> pairs = new ArrayList<>();
        for (Command command : commands) {
            if (command != null) {
                pairs.add(RespReply.bulk(command.name().toLowerCase(Locale.ROOT)));
                pairs.add(command.docs().reply());
            }
        }
        return RespReply.map(pairs);
    }

    /** {@code COMMAND LIST [FILTERBY MODULE name|ACLCAT category|PATTERN pattern]}: command names. */
    private RespReply list(Client client, Request request) {
        List<Command> commands = table.all();
        if (request.size() == 5 && request.upper(2).equals("FILTERBY")) {
            String value = request.text(4);
            Glob glob = new Glob(request.arg(4), true);
            commands = switch (request.upper(3)) {
                case "MODULE" -> List.of();
                case "ACLCAT" -> commands.stream().filter(c -> c.categories().stream()
                        .anyMatch(category -> category.equalsIgnoreCase("@" + value))).toList();
                case "PATTERN" -> commands.stream()
                        .filter(c -> glob.matches(c.name().toLowerCase(Locale.ROOT).getBytes())).toList();
                default -> throw CommandException.syntax();
            };
        } else if (request.size() != 2) {
            throw CommandException.syntax();
        }
        return RespReply.array(commands.stream().map(c -> RespReply.bulk(c.name().toLowerCase(Locale.ROOT))).toList());
    }

    /** The commands named in words 2.., null for an unknown name. */
    private List<Command> named(Request request) {
        List<Command> commands = new ArrayList<>();
        for (int i = 2; i < request.size(); i++) {
            commands.add(table.find(request.arg(i)));
        }
        return commands;
    }
}
