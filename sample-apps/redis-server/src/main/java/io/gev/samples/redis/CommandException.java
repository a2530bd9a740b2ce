package io.gev.samples.redis;

/** A command failed: its message, error code first ({@code ERR ...}), is the error reply; the connection stays open. */
public class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message, null, false, false); // a reply, not a fault: no stack trace
    }

    /** {@code ERR syntax error}. */
    public static CommandException syntax() {
        return new CommandException("ERR syntax error");
    }

    /** {@code ERR value is not an integer or out of range}. */
    public static CommandException notAnInteger() {
        return new CommandException("ERR value is not an integer or out of range");
    }

    /** {@code ERR unknown command 'name'}, with the name as it was sent. */
    public static CommandException unknownCommand(Request request) {
        return new CommandException("ERR unknown command '" + excerpt(request.text(0)) + "'");
    }

    /** {@code ERR unknown subcommand 'sub'. Try CONFIG HELP.}, naming the command, for the subcommand in word 1. */
    public static CommandException unknownSubcommand(Request request) {
        return new CommandException("ERR unknown subcommand '" + excerpt(request.text(1)) + "'. Try "
                + request.upper(0) + " HELP.");
    }

    /** {@code ERR invalid expire time in 'command' command}. */
    public static CommandException invalidExpireTime(String command) {
        return new CommandException("ERR invalid expire time in '" + command + "' command");
    }

    /** {@code ERR wrong number of arguments for 'command' command}, the name as Redis spells it (lower case). */
    public static CommandException wrongArity(String command) {
        return new CommandException("ERR wrong number of arguments for '" + command + "' command");
    }

    /** At most the first 128 characters of what a client sent, as Redis quotes it in errors. */
    private static String excerpt(String sent) {
        return sent.length() <= 128 ? sent : sent.substring(0, 128);
    }
}
