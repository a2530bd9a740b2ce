package io.gev.samples.redis;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;

/**
 * Runs each {@link Request} the {@link RespProtocol} decodes: finds its command (case-insensitively), checks its
 * length and replies with what the command returns, or with the error it raised. Errors leave the connection open.
 */
@GevHandler
public class RedisHandler implements Handler {

    private final CommandTable commands;

    public RedisHandler(CommandTable commands) {
        this.commands = commands;
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        Request request = (Request) context;
        try {
            Command command = request.command() != null ? request.command() : commands.find(request.arg(0));
            if (command == null) {
                throw CommandException.unknownCommand(request);
            }
            if (!command.accepts(request.size())) {
                throw command.wrongArity();
            }
            return command.action().execute(Client.of(connection), request);
        } catch (CommandException e) {
            return RespReply.error(e.getMessage());
        }
    }
}
