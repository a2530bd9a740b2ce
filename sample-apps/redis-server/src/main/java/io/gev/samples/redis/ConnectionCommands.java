package io.gev.samples.redis;

/** The commands about the connection itself: {@code PING}, {@code ECHO}, {@code QUIT}. */
final class ConnectionCommands {

    private ConnectionCommands() {
    }

    static void addTo(CommandTable table) {
        table.add("PING", -1, "fast", 0, 0, 0, ConnectionCommands::ping);
        table.add("ECHO", 2, "fast", 0, 0, 0, (client, request) -> RespReply.bulk(request.arg(1)));
        table.add("QUIT", -1, "fast", 0, 0, 0, ConnectionCommands::quit);
    }

    private static RespReply ping(Client client, Request request) {
        if (request.size() > 2) {
            throw CommandException.wrongArity("ping");
        }
        return request.size() == 1 ? RespReply.PONG : RespReply.bulk(request.arg(1));
    }

    /** {@code QUIT}: {@code +OK}, then the connection closes once the replies before it are written. */
    private static RespReply quit(Client client, Request request) {
        client.connection().send(RespReply.OK);
        client.connection().close();
        return null;
    }
}
