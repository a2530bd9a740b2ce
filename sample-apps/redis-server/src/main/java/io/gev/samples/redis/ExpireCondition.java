package io.gev.samples.redis;

import java.util.function.Predicate;

/**
 * The conditions of Redis 7's {@code EXPIRE} family: {@code NX} (no expiry yet), {@code XX} (an expiry already),
 * {@code GT} and {@code LT} (a later or an earlier one than the current; no expiry counts as forever). Immutable.
 */
final class ExpireCondition implements Predicate<Long> {

    private static final ExpireCondition ALWAYS = new ExpireCondition(false, false, false, false, 0);

    private final boolean nx;
    private final boolean xx;
    private final boolean gt;
    private final boolean lt;
    private final long deadline;

    private ExpireCondition(boolean nx, boolean xx, boolean gt, boolean lt, long deadline) {
        this.nx = nx;
        this.xx = xx;
        this.gt = gt;
        this.lt = lt;
        this.deadline = deadline;
    }

    /**
     * The condition in words {@code from..} of {@code request}, with Redis's errors for unknown and incompatible
     * options, for a new deadline to be given later by {@link #forDeadline}.
     */
    static ExpireCondition parse(Request request, int from) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = from; i < request.size(); i++) {
            switch (request.upper(i)) {
                case "NX" -> nx = true;
                case "XX" -> xx = true;
                case "GT" -> gt = true;
                case "LT" -> lt = true;
                default -> throw new CommandException("ERR Unsupported option " + request.text(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        return nx || xx || gt || lt ? new ExpireCondition(nx, xx, gt, lt, 0) : ALWAYS;
    }

    /** The same condition about the new deadline {@code deadline}. */
    ExpireCondition forDeadline(long deadline) {
        return this == ALWAYS ? this : new ExpireCondition(nx, xx, gt, lt, deadline);
    }

    /** Whether a key whose deadline is {@code current} ({@link Keyspace#NO_DEADLINE}: none) gets the new one. */
    @Override
    public boolean test(Long current) {
        boolean none = current == Keyspace.NO_DEADLINE;
        boolean refused = nx && !none || xx && none || gt && (none || deadline <= current)
                || lt && !none && deadline >= current;
        return !refused;
    }
}
