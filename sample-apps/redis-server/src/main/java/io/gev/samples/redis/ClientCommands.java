package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CLIENT ID|GETNAME|SETNAME|SETINFO|INFO|LIST|HELP}: what clients send about themselves when they connect, and
 * what an operator asks about the connections, with Redis's replies and errors.
 */
final class ClientCommands {

    private static final RespReply HELP = lines(
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "HELP",
        "    Prints this help.");

    private final Clients clients;

    private ClientCommands(Clients clients) {
        this.clients = clients;
    }

    static void addTo(CommandTable table, Clients clients) {
        ClientCommands commands = new ClientCommands(clients);
        Subcommands subcommands = new Subcommands("CLIENT")
                .add("ID", 2, (client, request) -> RespReply.integer(client.id()))
                .add("GETNAME", 2, (client, request) -> getName(client))
                .add("SETNAME", 3, ClientCommands::setName)
                .add("SETINFO", 4, ClientCommands::setInfo)
                .add("INFO", 2, (client, request) -> RespReply.verbatim(client.describe()))
                .add("LIST", -2, commands::list)
                .add("HELP", 2, (client, request) -> HELP);
        table.command("CLIENT", -2, "", 0, 0, 0).acl("@slow")
                .doc("connection", "2.4.0", "Depends on subcommand.", "Reads and changes the connection's settings: "
                        + String.join(", ", subcommands.names().stream().map(name -> "CLIENT " + name).toList()) + ".")
                .run(subcommands);
    }

    /**
     * Throws Redis's error unless {@code name} is a valid client name: characters from {@code !} to {@code ~}, no
     * spaces, newlines or other special characters ({@code ""} clears the name).
     */
    static String validName(byte[] name) {
        if (!isPrintable(name)) {
            throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    private static RespReply getName(Client client) {
        return client.name().isEmpty() ? RespReply.NULL : RespReply.bulk(client.name());
    }

    private static RespReply setName(Client client, Request request) {
        client.name(validName(request.arg(2)));
        return RespReply.OK;
    }

    /** {@code CLIENT SETINFO LIB-NAME|LIB-VER value}, as Redis 7.2 checks it. */
    private static RespReply setInfo(Client client, Request request) {
        String attribute = request.upper(2);
        if (!attribute.equals("LIB-NAME") && !attribute.equals("LIB-VER")) {
            throw new CommandException("ERR Unrecognized option '" + CommandException.excerpt(request.arg(2),
                    Integer.MAX_VALUE) + "'");
        }
        byte[] value = request.arg(3);
        if (!isPrintable(value)) {
            throw new CommandException("ERR " + CommandException.excerpt(request.arg(2), Integer.MAX_VALUE)
                    + " cannot contain spaces, newlines or special characters.");
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        if (attribute.equals("LIB-NAME")) {
            client.libraryName(text);
        } else {
            client.libraryVersion(text);
        }
        return RespReply.OK;
    }

    /** {@code CLIENT LIST [TYPE type | ID id...]}: a line per client, oldest first. */
    private RespReply list(Client client, Request request) {
        List<Client> listed;
        if (request.size() == 4 && request.upper(2).equals("TYPE")) {
            listed = switch (request.upper(3)) {
                case "NORMAL" -> clients.all();
                case "MASTER", "REPLICA", "SLAVE", "PUBSUB" -> List.of(); // no replication, no Pub/Sub here
                default -> throw new CommandException("ERR Unknown client type '"
                        + CommandException.excerpt(request.arg(3), Integer.MAX_VALUE) + "'");
            };
        } else if (request.size() > 3 && request.upper(2).equals("ID")) {
            listed = new ArrayList<>();
            for (int i = 3; i < request.size(); i++) {
                long id = Arguments.integer(request.arg(i), "ERR Invalid client ID");
                Client found = clients.find(id);
                if (found != null) {
                    listed.add(found);
                }
            }
        } else if (request.size() == 2) {
            listed = clients.all();
        } else {
            throw CommandException.syntax();
        }
        StringBuilder lines = new StringBuilder();
        listed.forEach(each -> lines.append(each.describe()));
        return RespReply.verbatim(lines.toString());
    }

    /** Help text as Redis sends it: an array of simple strings. */
    private static RespReply lines(String... text) {
        List<RespReply> lines = new ArrayList<>(text.length);
        for (String line : text) {
            lines.add(RespReply.simple(line));
        }
        return RespReply.array(lines);
    }

    /** Whether every byte is a printable ASCII character other than space, as Redis wants of names. */
    private static boolean isPrintable(byte[] text) {
        for (byte b : text) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }
}
