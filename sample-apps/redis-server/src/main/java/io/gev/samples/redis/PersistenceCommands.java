package io.gev.samples.redis;

/** The persistence commands: {@code BGREWRITEAOF}, {@code SHUTDOWN}. */
final class PersistenceCommands {

    private final Persistence persistence;
    private final Runnable shutdown;

    private PersistenceCommands(Persistence persistence, Runnable shutdown) {
        this.persistence = persistence;
        this.shutdown = shutdown;
    }

    /** Adds the commands; {@code shutdown} stops the application, on a thread of its own, and returns at once. */
    static void addTo(CommandTable table, Persistence persistence, Runnable shutdown) {
        PersistenceCommands commands = new PersistenceCommands(persistence, shutdown);
        table.command("BGREWRITEAOF", 1, "admin noscript no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous")
                .doc("server", "1.0.0", "O(1)", "Rewrites the append-only file in the background.")
                .run(commands::bgrewriteaof);
        table.command("SHUTDOWN", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0)
                .acl("@admin @slow @dangerous")
                .doc("server", "1.0.0", "O(N) when saving, where N is the total number of keys in all databases "
                        + "when saving data, otherwise O(1)", "Flushes the append-only file and stops the server.")
                .args("nosave_save[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]").run(commands::shutdown);
    }

    /** {@code BGREWRITEAOF}: starts a rewrite, unless one runs. */
    private RespReply bgrewriteaof(Client client, Request request) {
        try {
            if (!persistence.rewrite()) {
                throw new CommandException("ERR Background append only file rewriting already in progress");
            }
        } catch (IllegalStateException e) {
            throw new CommandException("ERR Background append only file rewriting needs appendonly yes");
        }
        return RespReply.simple("Background append only file rewriting started");
    }

    /**
     * {@code SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]}: stops the server, which writes and fsyncs the append-only file
     * first; the client gets no reply, as from Redis. {@code ABORT} alone: there is never a shutdown to abort.
     */
    private RespReply shutdown(Client client, Request request) {
        boolean save = false;
        boolean noSave = false;
        boolean abort = false;
        for (int i = 1; i < request.size(); i++) {
            switch (request.upper(i)) {
                case "SAVE" -> save = true;
                case "NOSAVE" -> noSave = true;
                case "ABORT" -> abort = true;
                case "NOW", "FORCE" -> {
                }
                default -> throw CommandException.syntax();
            }
        }
        if (save && noSave || abort && request.size() > 2) {
            throw CommandException.syntax();
        }
        if (abort) {
            throw new CommandException("ERR No shutdown in progress.");
        }
        shutdown.run();
        return null;
    }
}
