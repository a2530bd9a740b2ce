package io.gev.samples.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One argument of a command as {@code COMMAND DOCS} describes it (and redis-cli shows in its hints): a name, a type
 * ({@code key string integer double pattern unix-time pure-token oneof block}), the token before it, whether it is
 * optional or repeated, and the arguments of a {@code oneof} or {@code block}. Immutable.
 *
 * <p>Commands write their arguments in a short syntax that {@link #parse} reads:
 * <ul>
 * <li>{@code name:type} is an argument, {@code TOKEN name:type} the same after its token, {@code TOKEN} alone a
 * pure token (named after itself, in lower case);</li>
 * <li>{@code [...]} is optional, {@code name[...]} an optional group named so, {@code name(...)} a required one;
 * inside a group, {@code |} separates alternatives (a {@code oneof}), otherwise the group is a {@code block}, and
 * the token of its first argument is the block's ({@code limit[LIMIT offset:integer count:integer]});</li>
 * <li>a trailing {@code ...} repeats the argument or group.</li>
 * </ul>
 * For example {@code key:key value:string condition[NX|XX] [GET] key_value(key:key value:string)...}.
 *
 * @param name        the name
 * @param type        the type
 * @param token       the token before it, or null
 * @param optional    whether it may be left out
 * @param multiple    whether it may be repeated
 * @param keySpec     the index of its key specification, for keys; -1 otherwise
 * @param arguments   the arguments of a {@code oneof} or {@code block}; empty otherwise
 */
record CommandArgument(String name, String type, String token, boolean optional, boolean multiple, int keySpec,
        List<CommandArgument> arguments) {

    /** The arguments {@code syntax} describes; the n-th key argument refers to key specification n (from 0). */
    static List<CommandArgument> parse(String syntax) {
        Parser parser = new Parser(syntax);
        List<CommandArgument> arguments = parser.sequence(')');
        if (parser.at < syntax.length()) {
            throw new IllegalArgumentException("unbalanced: " + syntax);
        }
        return arguments;
    }

    /** This argument as {@code COMMAND DOCS} shows it: a map of its fields. */
    RespReply reply() {
        List<RespReply> fields = new ArrayList<>();
        field(fields, "name", RespReply.bulk(name));
        field(fields, "type", RespReply.bulk(type));
        if (keySpec >= 0) {
            field(fields, "key_spec_index", RespReply.integer(keySpec));
        }
        if (token != null) {
            field(fields, "token", RespReply.bulk(token));
        }
        List<RespReply> flags = new ArrayList<>();
        if (optional) {
            flags.add(RespReply.simple("optional"));
        }
        if (multiple) {
            flags.add(RespReply.simple("multiple"));
        }
        if (!flags.isEmpty()) {
            field(fields, "flags", RespReply.set(flags));
        }
        if (!arguments.isEmpty()) {
            field(fields, "arguments", RespReply.array(arguments.stream().map(CommandArgument::reply).toList()));
        }
        return RespReply.map(fields);
    }

    private static void field(List<RespReply> fields, String name, RespReply value) {
        fields.add(RespReply.bulk(name));
        fields.add(value);
    }

    private CommandArgument repeated() {
        return new CommandArgument(name, type, token, optional, true, keySpec, arguments);
    }

    /** Reads the syntax left to right. */
    private static final class Parser {
        private final String syntax;
        private int at;
        private int keys;

        Parser(String syntax) {
            this.syntax = syntax;
        }

        /** Arguments up to {@code end} (or the end of the syntax); a {@code |} makes them a oneof's alternatives. */
        List<CommandArgument> sequence(char end) {
            List<CommandArgument> items = new ArrayList<>();
            while (skipSpaces() && syntax.charAt(at) != end && syntax.charAt(at) != ']'
                    && syntax.charAt(at) != '|') {
                items.add(item());
            }
            return items;
        }

        private CommandArgument item() {
            String word = word();
            CommandArgument argument;
            if (at < syntax.length() && (syntax.charAt(at) == '[' || syntax.charAt(at) == '(')) {
                argument = group(word.isEmpty() ? null : word);
            } else if (word.contains(":")) {
                argument = typed(word, null);
            } else if (skipSpaces() && Character.isLowerCase(syntax.charAt(at))) {
                argument = typed(word(), word); // TOKEN name:type
            } else {
                argument = new CommandArgument(word.toLowerCase(Locale.ROOT), "pure-token", word, false, false, -1,
                        List.of());
            }
            if (syntax.startsWith("...", at)) {
                at += 3;
                return argument.repeated();
            }
            return argument;
        }

        /** {@code [...]} or {@code (...)} after its name (null: named after its only member). */
        private CommandArgument group(String name) {
            boolean optional = syntax.charAt(at++) == '[';
            char end = optional ? ']' : ')';
            List<List<CommandArgument>> alternatives = new ArrayList<>();
            alternatives.add(sequence(end));
            while (syntax.charAt(at) == '|') {
                at++;
                alternatives.add(sequence(end));
            }
            if (syntax.charAt(at++) != end) {
                throw new IllegalArgumentException("unbalanced at " + at + ": " + syntax);
            }
            if (alternatives.size() == 1 && alternatives.get(0).size() == 1 && name == null) {
                CommandArgument only = alternatives.get(0).get(0);
                return new CommandArgument(only.name, only.type, only.token, optional, only.multiple, only.keySpec,
                        only.arguments);
            }
            List<CommandArgument> members = new ArrayList<>();
            for (List<CommandArgument> alternative : alternatives) {
                members.add(alternative.size() == 1 ? alternative.get(0) : block(alternative));
            }
            if (alternatives.size() > 1) {
                return new CommandArgument(name, "oneof", null, optional, false, -1, List.copyOf(members));
            }
            List<CommandArgument> arguments = new ArrayList<>(alternatives.get(0));
            CommandArgument first = arguments.get(0);
            arguments.set(0, new CommandArgument(first.name, first.type, null, first.optional, first.multiple,
                    first.keySpec, first.arguments));
            return new CommandArgument(name, "block", first.token, optional, false, -1, List.copyOf(arguments));
        }

        private static CommandArgument block(List<CommandArgument> members) {
            return new CommandArgument(members.get(0).name, "block", null, false, false, -1, List.copyOf(members));
        }

        private CommandArgument typed(String word, String token) {
            int colon = word.indexOf(':');
            String type = word.substring(colon + 1);
            return new CommandArgument(word.substring(0, colon), type, token, false, false,
                    type.equals("key") ? keys++ : -1, List.of());
        }

        private String word() {
            int start = at;
            while (at < syntax.length() && " []()|".indexOf(syntax.charAt(at)) < 0
                    && !syntax.startsWith("...", at)) {
                at++;
            }
            return syntax.substring(start, at);
        }

        /** Skips spaces; returns whether anything is left. */
        private boolean skipSpaces() {
            while (at < syntax.length() && syntax.charAt(at) == ' ') {
                at++;
            }
            return at < syntax.length();
        }
    }
}
