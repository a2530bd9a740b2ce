package io.gev.samples.redis;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;

/**
 * Runs each {@link Request} the {@link RespProtocol} decodes: finds its command (case-insensitively), checks its
 * length and replies with what the command returns, or with the error it raised. Errors leave the connection open.
 * It keeps {@link Clients} up to date as connections open and close. Its callbacks run on the connection's loop.
 * With {@code appendonly yes} a write runs through the {@link AppendOnlyFile}, and a reply that must wait for the
 * disk ({@code appendfsync always}) leaves later, in order.
 */
@GevHandler
public class RedisHandler implements Handler {

    private final CommandTable commands;
    private final Clients clients;
    private final AppendOnlyFile aof;

    public RedisHandler(CommandTable commands, Clients clients, AppendOnlyFile aof) {
        this.commands = commands;
        this.clients = clients;
        this.aof = aof;
    }

    @Override
    public void onConnect(Connection connection) {
        clients.add(Client.of(connection));
    }

    @Override
    public void onClose(Connection connection) {
        clients.remove(Client.of(connection));
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        Request request = (Request) context;
        Client client = Client.of(connection);
        if (client.waitingReplies().hasQuit()) {
            return null; // sent after a QUIT that waits for earlier replies: not run, as Redis does
        }
        RespReply reply;
        try {
            Command command = request.command() != null ? request.command() : commands.find(request.arg(0));
            if (command == null) {
                throw CommandException.unknownCommand(request);
            }
            if (!command.accepts(request.size())) {
                throw command.wrongArity();
            }
            client.ran(command.name());
            reply = command.isWrite() && aof.enabled()
                    ? aof.execute(command, client, request) : command.action().execute(client, request);
        } catch (CommandException e) {
            reply = RespReply.error(e.getMessage());
        }
        return aof.deliver(client, reply);
    }
}
