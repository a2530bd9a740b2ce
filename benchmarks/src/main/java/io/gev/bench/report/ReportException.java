package io.gev.bench.report;

/** A problem the user can fix (bad arguments, a missing column, an unreadable file): reported as one line. */
final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem described by a message that says what is wrong and, where it helps, what was expected. */
    ReportException(String message) {
        super(message);
    }
}
