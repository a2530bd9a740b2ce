package io.gev.samples.redis;

import java.nio.charset.StandardCharsets;

/** A command failed: its message, error code first ({@code ERR ...}), is the error reply; the connection stays open. */
public class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** How much of what a client sent Redis quotes in an error. */
    private static final int EXCERPT = 128;

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

    /**
     * Redis's {@code ERR unknown command 'name', with args beginning with: 'a' 'b' }: the name and then arguments
     * quoted while the list is under 128 characters, the last one cut to fit.
     */
    public static CommandException unknownCommand(Request request) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < request.size() && args.length() < EXCERPT; i++) {
            String arg = excerpt(request.arg(i), EXCERPT - args.length());
            args.append('\'').append(arg).append("' ");
        }
        return new CommandException("ERR unknown command '" + excerpt(request.arg(0), EXCERPT)
                + "', with args beginning with: " + args);
    }

    /** {@code ERR unknown subcommand 'sub'. Try CLIENT HELP.}, naming the command, for the subcommand in word 1. */
    public static CommandException unknownSubcommand(Request request) {
        return new CommandException("ERR unknown subcommand '" + excerpt(request.arg(1), EXCERPT) + "'. Try "
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

    /**
     * What Redis shows of a word in an error: the text before its first NUL byte (Redis formats it as a C string),
     * at most {@code max} characters of it.
     */
    static String excerpt(byte[] word, int max) {
        int end = 0;
        while (end < word.length && end < max && word[end] != 0) {
            end++;
        }
        return new String(word, 0, end, StandardCharsets.ISO_8859_1);
    }
}
