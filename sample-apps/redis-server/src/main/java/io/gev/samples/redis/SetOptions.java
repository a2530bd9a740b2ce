package io.gev.samples.redis;

/**
 * The options of {@code SET} ({@code NX XX GET KEEPTTL EX PX EXAT PXAT}) and of {@code GETEX} ({@code EX PX EXAT PXAT
 * PERSIST}), read as Redis 7 reads them: an option may be repeated (the last expire time wins), conflicting ones
 * ({@code NX XX}, {@code EX 1 PX 1}, {@code KEEPTTL EX 1}) are a syntax error, and the expire time is checked only
 * after every option was read. Made per request, on its loop thread.
 */
final class SetOptions {

    /** Which of the two commands reads them: each accepts its own options only. */
    enum For {
        SET, GETEX
    }

    /** The kinds of expire time: how the number reads (seconds or milliseconds, from now or since 1970). */
    enum Expire {
        NONE(false, false), EX(true, true), PX(false, true), EXAT(true, false), PXAT(false, false);

        final boolean seconds;
        final boolean relative;

        Expire(boolean seconds, boolean relative) {
            this.seconds = seconds;
            this.relative = relative;
        }
    }

    SetCondition condition = SetCondition.ALWAYS;
    boolean get;
    boolean keepTtl;
    boolean persist;
    Expire expire = Expire.NONE;
    private byte[] time;

    private SetOptions() {
    }

    /** The options in words {@code from..} of {@code request}. */
    static SetOptions parse(Request request, int from, For command) {
        SetOptions options = new SetOptions();
        boolean set = command == For.SET;
        for (int i = from; i < request.size(); i++) {
            String option = request.upper(i);
            boolean hasNext = i + 1 < request.size();
            if (set && option.equals("NX") && options.condition != SetCondition.IF_PRESENT) {
                options.condition = SetCondition.IF_ABSENT;
            } else if (set && option.equals("XX") && options.condition != SetCondition.IF_ABSENT) {
                options.condition = SetCondition.IF_PRESENT;
            } else if (set && option.equals("GET")) {
                options.get = true;
            } else if (set && option.equals("KEEPTTL") && options.expire == Expire.NONE) {
                options.keepTtl = true;
            } else if (!set && option.equals("PERSIST") && options.expire == Expire.NONE) {
                options.persist = true;
            } else if (hasNext && options.acceptsExpire(option)) {
                options.expire = Expire.valueOf(option);
                options.time = request.arg(++i);
            } else {
                throw CommandException.syntax();
            }
        }
        return options;
    }

    /**
     * The deadline the options give, in Unix milliseconds, {@link Keyspace#NO_DEADLINE} when they give none, with
     * Redis's error for a time that is not a positive integer or overflows.
     */
    long deadline(long now, String command) {
        if (expire == Expire.NONE) {
            return Keyspace.NO_DEADLINE;
        }
        long millis = Arguments.integer(time);
        if (millis <= 0 || expire.seconds && millis > Long.MAX_VALUE / 1000) {
            throw CommandException.invalidExpireTime(command);
        }
        millis = expire.seconds ? millis * 1000 : millis;
        millis = expire.relative ? millis + now : millis; // may wrap: caught below, as Redis does
        if (millis <= 0) {
            throw CommandException.invalidExpireTime(command);
        }
        return millis;
    }

    private boolean acceptsExpire(String option) {
        if (keepTtl || persist) {
            return false;
        }
        return switch (option) {
            case "EX", "PX", "EXAT", "PXAT" -> expire == Expire.NONE || expire.name().equals(option);
            default -> false;
        };
    }
}
