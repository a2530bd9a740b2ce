package io.gev.spring.autoconfigure;

/**
 * A gev server cannot be set up or started as configured: two handlers for one server, a framing that does not fit
 * the handler, a port in use, a missing SSL bundle... It says what is wrong and what to change, which
 * {@link GevStartupFailureAnalyzer} shows as Spring Boot's "APPLICATION FAILED TO START" report.
 */
class GevStartupException extends IllegalStateException {

    private final String description;
    private final String action;

    /** {@code description}: what is wrong; {@code action}: what to change. */
    GevStartupException(String description, String action) {
        this(description, action, null);
    }

    /** Like {@link #GevStartupException(String, String)}, caused by {@code cause}. */
    GevStartupException(String description, String action, Throwable cause) {
        super(description + " " + action, cause);
        this.description = description;
        this.action = action;
    }

    /** What is wrong. */
    String description() {
        return description;
    }

    /** What to change. */
    String action() {
        return action;
    }
}
