package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The commands about the connection itself: {@code PING}, {@code ECHO}, {@code QUIT}, {@code HELLO}, {@code AUTH},
 * {@code SELECT}, {@code RESET}. There are no users or passwords (as in Redis without {@code requirepass}: everyone is
 * the {@code default} user, who needs no password) and one database, 0.
 */
final class ConnectionCommands {

    private static final RespReply RESET = RespReply.simple("RESET");
    private static final String ACL = "@fast @connection";
    private static final String CONNECTION = "connection";
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    private ConnectionCommands() {
    }

    static void addTo(CommandTable table) {
        String flags = "noscript loading stale fast no_auth allow_busy";
        table.command("PING", -1, "fast", 0, 0, 0).acl(ACL)
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .doc(CONNECTION, "1.0.0", "O(1)", "Returns PONG, or the message given.").args("[message:string]")
                .run(ConnectionCommands::ping);
        table.command("ECHO", 2, "loading stale fast", 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "1.0.0", "O(1)", "Returns the message given.").args("message:string")
                .run((client, request) -> RespReply.bulk(request.arg(1)));
        table.command("QUIT", -1, flags, 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "1.0.0", "O(1)", "Closes the connection once the replies before it are sent.")
                .run(ConnectionCommands::quit);
        table.command("HELLO", -1, flags, 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "6.0.0", "O(1)", "Switches the protocol (2 or 3) and says what the server is.")
                .args("arguments[protover:integer username_password[AUTH username:string password:string] "
                        + "[SETNAME clientname:string]]")
                .run(ConnectionCommands::hello);
        table.command("AUTH", -2, flags, 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "1.0.0", "O(N) where N is the number of passwords defined for the user",
                        "Authenticates the connection: the default user needs no password.")
                .args("[username:string] password:string").run(ConnectionCommands::auth);
        table.command("SELECT", 2, "loading stale fast", 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "1.0.0", "O(1)", "Selects the database: there is one, 0.").args("index:integer")
                .run(ConnectionCommands::select);
        table.command("RESET", 1, flags, 0, 0, 0).acl(ACL)
                .doc(CONNECTION, "6.2.0", "O(1)", "Resets the connection: RESP2, no name.")
                .run(ConnectionCommands::reset);
    }

    private static RespReply ping(Client client, Request request) {
        if (request.size() > 2) {
            throw CommandException.wrongArity("ping");
        }
        return request.size() == 1 ? RespReply.PONG : RespReply.bulk(request.arg(1));
    }

    /**
     * {@code QUIT}: {@code +OK}, then the connection closes once the replies before it are written, also those that
     * still wait for the append-only file.
     */
    private static RespReply quit(Client client, Request request) {
        if (!client.waitingReplies().isEmpty()) {
            client.waitingReplies().quit(RespReply.OK.bytes(client.resp3()));
            return null;
        }
        client.connection().send(RespReply.OK);
        client.connection().close();
        return null;
    }

    /**
     * {@code HELLO [2|3 [AUTH user password] [SETNAME name]]}: switches the protocol and replies, in it, with what the
     * server is. The options act in order, as Redis's do: a later bad option leaves an earlier name set.
     */
    private static RespReply hello(Client client, Request request) {
        int version = client.protocol();
        if (request.size() >= 2) {
            long asked = Arguments.integer(request.arg(1), "ERR Protocol version is not an integer or out of range");
            if (asked != 2 && asked != 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            version = (int) asked;
        }
        for (int i = 2; i < request.size(); i++) {
            int more = request.size() - 1 - i;
            String option = request.upper(i);
            if (option.equals("AUTH") && more >= 2) {
                authenticate(request.arg(i + 1));
                i += 2;
            } else if (option.equals("SETNAME") && more >= 1) {
                client.name(ClientCommands.validName(request.arg(++i)));
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '"
                        + CommandException.excerpt(request.arg(i), Integer.MAX_VALUE) + "'");
            }
        }
        client.protocol(version);
        return RespReply.map(List.of(
                RespReply.bulk("server"), RespReply.bulk(ServerIdentity.SERVER),
                RespReply.bulk("version"), RespReply.bulk(ServerIdentity.VERSION),
                RespReply.bulk("proto"), RespReply.integer(version),
                RespReply.bulk("id"), RespReply.integer(client.id()),
                RespReply.bulk("mode"), RespReply.bulk("standalone"),
                RespReply.bulk("role"), RespReply.bulk("master"),
                RespReply.bulk("modules"), RespReply.EMPTY_ARRAY));
    }

    /** {@code AUTH [user] password}: only the {@code default} user exists, and any password is right for it. */
    private static RespReply auth(Client client, Request request) {
        if (request.size() > 3) {
            throw CommandException.syntax();
        }
        if (request.size() == 2) {
            throw new CommandException("ERR AUTH <password> called without any password configured for the default "
                    + "user. Are you sure your configuration is correct?");
        }
        authenticate(request.arg(1));
        return RespReply.OK;
    }

    /** Refuses every user but {@code default} (case sensitive, as Redis's user names are). */
    private static void authenticate(byte[] user) {
        if (!Arrays.equals(user, DEFAULT_USER)) {
            throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    /** {@code SELECT index}: there is one database, 0, as in Redis with {@code databases 1}. */
    private static RespReply select(Client client, Request request) {
        if (Arguments.integer(request.arg(1)) != 0) {
            throw new CommandException("ERR DB index is out of range");
        }
        return RespReply.OK;
    }

    /** {@code RESET}: back to a fresh connection's state, RESP2 and no name; {@code +RESET}. */
    private static RespReply reset(Client client, Request request) {
        client.protocol(2);
        client.name("");
        return RESET;
    }
}
