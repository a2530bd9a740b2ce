package io.gev.samples.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The commands about the server: {@code CONFIG}, {@code COMMAND}. */
final class ServerCommands {

    /**
     * What {@code CONFIG GET} reports: the two settings redis-benchmark asks for (there is no persistence), so that
     * it needs no warning.
     */
    private static final Map<String, String> CONFIG = new LinkedHashMap<>();

    static {
        CONFIG.put("save", "");
        CONFIG.put("appendonly", "no");
    }

    private ServerCommands() {
    }

    static void addTo(CommandTable table) {
        table.add("CONFIG", -2, "admin noscript loading stale", 0, 0, 0, ServerCommands::config);
        table.add("COMMAND", -1, "loading stale", 0, 0, 0, ServerCommands::command);
    }

    /** {@code CONFIG GET parameter...}: name and value of each parameter matched (by name, or all by {@code *}). */
    private static RespReply config(Client client, Request request) {
        if (!request.upper(1).equals("GET")) {
            throw CommandException.unknownSubcommand(request);
        }
        if (request.size() < 3) {
            throw CommandException.wrongArity("config|get");
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < request.size(); i++) {
            String pattern = request.text(i);
            CONFIG.forEach((name, value) -> {
                if (pattern.equals("*") || pattern.equalsIgnoreCase(name)) {
                    found.put(name, value);
                }
            });
        }
        List<RespReply> reply = new ArrayList<>(found.size() * 2);
        found.forEach((name, value) -> {
            reply.add(RespReply.bulk(name));
            reply.add(RespReply.bulk(value));
        });
        return RespReply.map(reply);
    }

    /**
     * {@code COMMAND}, {@code COMMAND COUNT}, {@code COMMAND DOCS}: the server describes no command, consistently: an
     * empty list, 0 and no documentation.
     */
    private static RespReply command(Client client, Request request) {
        if (request.size() == 1) {
            return RespReply.EMPTY_ARRAY;
        }
        return switch (request.upper(1)) {
            case "COUNT" -> RespReply.integer(0);
            case "DOCS" -> RespReply.EMPTY_ARRAY;
            default -> throw CommandException.unknownSubcommand(request);
        };
    }
}
