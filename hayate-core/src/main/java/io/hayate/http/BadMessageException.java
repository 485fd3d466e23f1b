package io.hayate.http;

/**
 * A message broke HTTP/1.1. Carries the {@link Violation}, which names the status to answer with.
 *
 * <p>Thrown for bad input, so it is cheap: it records no stack trace.
 */
public final class BadMessageException extends RuntimeException {
    private final Violation violation;

    public BadMessageException(Violation violation, String detail) {
        super(detail == null ? violation.description() : violation.description() + ": " + detail, null, false, false);
        this.violation = violation;
    }

    public BadMessageException(Violation violation) {
        this(violation, null);
    }

    public Violation violation() {
        return violation;
    }

    /** The status code to answer with. */
    public int status() {
        return violation.status();
    }
}
